/**
 * Finding pupils as the demo's DSL: Quick Student Search as you type and
 * without JavaScript's help, hide-names mode in the results, a class list with
 * "Update categories", and what someone without their key (or without the
 * permission) gets: the ordinary dashboard and a refusal from the search route.
 */
import fs from 'node:fs';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../../db/seed/demo-users';
import { expectAccessible } from './support/a11y';
import { freshTotp } from './support/totp';
import { schoolUrl } from './support/urls';
import { headerMenu } from './support/header';

const DSL_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const ZOE = "Zoë O'Brien";

async function signIn(page: Page, email: string) {
  await page.goto(schoolUrl('demo', '/login'));
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The search route as the page's own script would call it (Node cannot resolve *.localhost; the browser can). */
async function searchFrom(page: Page, q: string): Promise<{ status: number; body: unknown }> {
  return page.evaluate(async (query) => {
    const res = await fetch(`/students/search?q=${encodeURIComponent(query)}`, {
      headers: { accept: 'application/json' },
    });
    return { status: res.status, body: await res.json() };
  }, q);
}

let elevatedState: string;

/** One elevated session for the file (a code works once, so each elevation waits for a fresh step). */
test.beforeAll(async ({ browser }, testInfo) => {
  test.setTimeout(150_000);
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'dsl@demo.haven.test');
  await expect(page).toHaveURL(schoolUrl('demo', '/elevate'));
  await page.getByLabel('Code from your authenticator app').fill(await freshTotp(DSL_SECRET));
  await page.getByRole('button', { name: 'Use key' }).click();
  await expect(page.getByRole('banner').getByText('Using your key')).toBeVisible();
  // The demo's pupils arrive through the mis-import job shortly after the server starts.
  await expect
    .poll(async () => JSON.stringify((await searchFrom(page, 'zoe ob')).body), { timeout: 90_000 })
    .toContain(ZOE);
  elevatedState = testInfo.outputPath('dsl-elevated.json');
  fs.mkdirSync(testInfo.outputDir, { recursive: true });
  await context.storageState({ path: elevatedState });
  await context.close();
});

async function elevatedPage(browser: Browser, width = 360): Promise<Page> {
  const context = await browser.newContext({
    storageState: elevatedState,
    viewport: { width, height: width < 600 ? 780 : 900 },
  });
  return context.newPage();
}

test('the DSL types "zoe ob" and finds Zoë O’Brien, with her group, from the keyboard', async ({
  browser,
}, testInfo) => {
  const page = await elevatedPage(browser);
  await page.goto(schoolUrl('demo', '/'));
  await expect(page.getByRole('heading', { name: 'Hello, David' })).toBeVisible();
  await expect(page.getByText(/MIS data:/)).toBeVisible();
  await expect(page.getByRole('heading', { name: /Monitored students/ })).toBeVisible();

  const search = page.getByRole('combobox', { name: 'Quick Student Search' });
  await search.fill('zoe ob');
  const suggestions = page.getByRole('listbox', { name: 'Matching pupils' });
  const option = suggestions.getByRole('option').filter({ hasText: ZOE });
  await expect(option).toBeVisible();
  await expect(option).toContainText('7A · Year 7');
  await expect(suggestions.getByRole('option')).toHaveCount(1);
  await expectAccessible(page);
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: width < 600 ? 780 : 900 });
    await page.screenshot({ path: testInfo.outputPath(`quick-search-${width}.png`) });
  }
  await page.setViewportSize({ width: 360, height: 780 });

  // Arrow down and Enter open her profile.
  await search.press('ArrowDown');
  await expect(search).toHaveAttribute('aria-activedescendant', /.+/);
  await search.press('Enter');
  await expect(page).toHaveURL(/\/students\/[0-9a-f-]{36}$/);

  // Enter without choosing searches the whole school: a plain GET that works without JavaScript.
  await page.goto(schoolUrl('demo', '/'));
  await page.getByRole('combobox', { name: 'Quick Student Search' }).fill('obrien');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page).toHaveURL(schoolUrl('demo', '/?q=obrien'));
  const results = page.getByRole('list', { name: 'Pupils matching obrien' });
  await expect(results.getByRole('link', { name: ZOE, exact: true })).toHaveAttribute(
    'href',
    /\/students\/[0-9a-f-]{36}$/,
  );
  await expectAccessible(page);
  await page.context().close();
});

test('hide-names mode masks every name in the search, as you type and in the results', async ({
  browser,
}, testInfo) => {
  const page = await elevatedPage(browser, 1280);
  await page.goto(schoolUrl('demo', '/?q=zoe+ob'));
  await (await headerMenu(page)).getByRole('button', { name: 'Hide names' }).click();
  await expect((await headerMenu(page)).getByRole('button', { name: 'Names hidden' })).toBeVisible();
  await page.goto(schoolUrl('demo', '/?q=zoe+ob'));
  await expect(page.getByRole('list', { name: 'Pupils matching zoe ob' })).toContainText("Z*** O'B***");
  // A new search as you type (the box starts with the submitted words, so type them afresh).
  const search = page.getByRole('combobox', { name: 'Quick Student Search' });
  await search.fill('');
  await search.fill('zoe ob');
  await expect(
    page.getByRole('listbox', { name: 'Matching pupils' }).getByRole('option').filter({ hasText: "Z*** O'B***" }),
  ).toBeVisible();
  await expect(page.getByText(ZOE)).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText('Zoë');
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: width < 600 ? 780 : 900 });
    await page.screenshot({ path: testInfo.outputPath(`hidden-names-${width}.png`), fullPage: width > 600 });
  }
  await (await headerMenu(page)).getByRole('button', { name: 'Names hidden' }).click();
  await expect((await headerMenu(page)).getByRole('button', { name: 'Hide names' })).toBeVisible();
  await page.context().close();
});

test('a class list: filter by group, tick a pupil, add a category and remove it again', async ({
  browser,
}, testInfo) => {
  const page = await elevatedPage(browser);
  await page.goto(schoolUrl('demo', '/'));
  await page.getByRole('combobox', { name: 'Filter by group' }).selectOption('7A');
  await page.getByRole('button', { name: 'Show pupils' }).click();
  await expect(page).toHaveURL(/\/students\?group=7A/);
  await expect(page.getByRole('heading', { name: 'Tutor group 7A' })).toBeVisible();
  const register = page.getByRole('list', { name: 'Tutor group 7A' });
  const zoe = register.getByRole('listitem').filter({ hasText: ZOE });
  await expect(zoe).toContainText('7A · Year 7');
  await expectAccessible(page);

  await zoe.getByRole('checkbox', { name: `Tick ${ZOE}` }).check();
  await expect(page.getByText('1 ticked').first()).toBeVisible();
  await page.getByLabel('Add a category').check();
  await page.getByLabel('Category', { exact: true }).selectOption({ label: 'Young Carer' });
  await page.getByRole('button', { name: 'Update 1 pupil' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Young Carer: monitoring started for 1 pupil' }),
  ).toBeVisible();
  await expect(zoe.getByRole('list', { name: 'Monitored for' })).toContainText('Young Carer');
  await expect(zoe.getByRole('checkbox')).not.toBeChecked();
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: width < 600 ? 780 : 900 });
    await page.screenshot({ path: testInfo.outputPath(`class-list-${width}.png`), fullPage: true });
  }

  await zoe.getByRole('checkbox').check();
  await page.getByLabel('Remove a category').check();
  await page.getByLabel('Category', { exact: true }).selectOption({ label: 'Young Carer' });
  await page.getByRole('button', { name: 'Update 1 pupil' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Young Carer: monitoring ended for 1 pupil' })).toBeVisible();
  await expect(zoe).not.toContainText('Young Carer');

  // Nothing ticked: the message sits with the list and nothing changes.
  await page.getByLabel('Add a category').check();
  await page.getByLabel('Category', { exact: true }).selectOption({ label: 'Young Carer' });
  await page.getByRole('button', { name: 'Update categories' }).click();
  await expect(page.getByText('Tick at least one pupil.')).toBeVisible();
  await expect(page.getByLabel('Category', { exact: true })).toHaveValue(/[0-9a-f-]{36}/);
  await page.context().close();
});

test('without the key the dashboard stays as it was, and the search route refuses', async ({ page, browser }) => {
  await signIn(page, 'dsl@demo.haven.test');
  await page.getByRole('link', { name: 'Continue without key' }).click();
  await expect(page.getByRole('heading', { name: 'You are signed in without a key' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Quick Student Search' })).toHaveCount(0);
  expect(await searchFrom(page, 'zoe')).toEqual({
    status: 403,
    body: { error: 'Elevate your access to search for pupils.' },
  });
  await page.goto(schoolUrl('demo', '/students'));
  await expect(page.getByText('Elevate your access to search for pupils.')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Monitored students' })).toHaveCount(0);

  const other = await browser.newContext({ viewport: { width: 360, height: 780 } });
  const teacher = await other.newPage();
  await signIn(teacher, 'teacher@demo.haven.test');
  await expect(teacher.getByRole('heading', { name: 'Hello, Tom' })).toBeVisible();
  const refused = await searchFrom(teacher, 'zoe');
  expect(refused.status).toBe(403);
  expect(JSON.stringify(refused.body)).not.toContain('Zo');
  const signedOut = await browser.newContext();
  const anonymous = await signedOut.newPage();
  await anonymous.goto(schoolUrl('demo', '/login'));
  expect((await searchFrom(anonymous, 'zoe')).status).toBe(401);
  await signedOut.close();
  await other.close();
});

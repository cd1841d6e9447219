/**
 * Class restrictions end to end: the DSL restricts key holders by tutor group,
 * lists the DSL group for every class and the 7A form tutor for 7A alone; the
 * tutor, using their key, finds Zoë (7A) but cannot find Seun (8B) by search,
 * open his record by URL, or list 8B. The settings are put back at the end.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../../db/seed/demo-users';
import { expectAccessible } from './support/a11y';
import { freshTotp } from './support/totp';
import { schoolUrl } from './support/urls';

const DSL_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const TUTOR_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

async function signInWithKey(browser: Browser, email: string, secret: string, width = 1280): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
  await page.goto(schoolUrl('demo', '/login'));
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(schoolUrl('demo', '/elevate'));
  await page.getByLabel('Code from your authenticator app').fill(await freshTotp(secret));
  await page.getByRole('button', { name: 'Use key' }).click();
  await expect(page.getByRole('banner').getByText('Using your key')).toBeVisible();
  return page;
}

async function searchResults(page: Page, q: string) {
  return page.evaluate(async (query) => {
    const res = await fetch(`/students/search?q=${encodeURIComponent(query)}`, {
      headers: { accept: 'application/json' },
    });
    return { status: res.status, text: await res.text() };
  }, q);
}

async function setRestriction(page: Page, value: 'off' | 'tutor') {
  await page.goto(schoolUrl('demo', '/admin/settings'));
  await page.getByLabel('Class restrictions').selectOption(value);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: /saved/i })).toBeVisible();
}

test('a key holder restricted to 7A cannot find or open pupils of 8B', async ({ browser }, testInfo) => {
  test.setTimeout(240_000);
  const dsl = await signInWithKey(browser, 'dsl@demo.haven.test', DSL_SECRET);
  // Seun's record, as the unrestricted DSL sees it (waiting for the demo's first import if need be).
  await expect(async () => expect((await searchResults(dsl, 'seun adeyemi')).text).toContain('Adeyemi')).toPass({
    timeout: 90_000,
  });
  const seunId = (JSON.parse((await searchResults(dsl, 'seun adeyemi')).text) as { items: { id: string }[] }).items[0]!
    .id;
  try {
    await setRestriction(dsl, 'tutor');
    // An administrator sees the notice on the dashboard too, the first page after signing in.
    await dsl.goto(schoolUrl('demo', '/'));
    const notice = dsl.getByRole('status').filter({ hasText: /tutor groups have nobody listed/ });
    await expect(notice).toBeVisible();
    await notice.getByRole('link', { name: 'Open class restrictions' }).click();
    await expect(dsl).toHaveURL(schoolUrl('demo', '/admin/class-restrictions'));
    await expect(dsl.getByText(/tutor groups have nobody listed/)).toBeVisible();
    await dsl.getByLabel('List a whole user group for every class').selectOption({ label: 'DSL' });
    await dsl.getByRole('button', { name: 'List for every class' }).click();
    await expect(dsl.getByText(/Listed for \d+ more classes/)).toBeVisible();
    await dsl.getByRole('link', { name: '7A', exact: true }).click();
    await dsl.getByLabel(/Available/).selectOption({ label: 'Amy Fletcher — Pastoral' });
    await dsl.getByRole('button', { name: /Add selected/ }).click();
    await dsl.getByRole('button', { name: 'Save changes' }).click();
    await expect(dsl.getByText('Saved. The change applies from each person’s next click.')).toBeVisible();
    await expectAccessible(dsl);
    await dsl.screenshot({ path: testInfo.outputPath('class-restriction-7a.png'), fullPage: true });

    const tutor = await signInWithKey(browser, 'tutor7a@demo.haven.test', TUTOR_SECRET, 360);
    expect((await searchResults(tutor, 'zoe ob')).text).toContain("O'Brien");
    const seun = await searchResults(tutor, 'seun');
    expect(seun.status).toBe(200);
    expect(seun.text).not.toContain('Adeyemi');
    await tutor.goto(schoolUrl('demo', '/?q=seun'));
    await expect(tutor.getByRole('heading', { name: /No pupils match/ })).toBeVisible();
    const byUrl = await tutor.goto(schoolUrl('demo', `/students/${seunId}`));
    expect(byUrl?.status()).toBe(404);
    await tutor.goto(schoolUrl('demo', '/students'));
    const groups = await tutor.getByRole('combobox', { name: 'Filter by group' }).locator('option').allTextContents();
    expect(groups.join(' ')).toContain('7A');
    expect(groups.join(' ')).not.toContain('8B');
    await tutor.goto(schoolUrl('demo', '/students?group=8B'));
    await expect(tutor.getByText('Adeyemi')).toHaveCount(0);
    await tutor.context().close();
  } finally {
    await setRestriction(dsl, 'off');
    await dsl.context().close();
  }
});

/**
 * The pupil profile's body map and Audit tab, on a phone and at a desk: a
 * teacher records a concern about Zofia Kowalczyk with two body-map markers;
 * the DSL, with their key, finds the markers on her overview's combined map
 * (an incident in the list brings its markers forward from the keyboard and
 * by a tap), then opens her Audit tab and sees their own earlier view of the
 * profile and the teacher's incident, filters by person and is told plainly
 * when the dates do not make a range.
 */
import fs from 'node:fs';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { signInOn, elevateWithKey } from './support/sign-in';
import { schoolUrl } from './support/urls';

const ZOFIA = 'Zofia Kowalczyk';

test.describe.configure({ mode: 'serial' });

let elevatedState: string;
let number = '';
let zofiaUrl = '';

test.beforeAll(async ({ browser }, testInfo) => {
  test.setTimeout(150_000);
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInOn(page, 'dsl@demo.haven.test');
  await elevateWithKey(page);
  elevatedState = testInfo.outputPath('dsl-elevated.json');
  fs.mkdirSync(testInfo.outputDir, { recursive: true });
  await context.storageState({ path: elevatedState });
  await context.close();
});

async function asDsl(browser: Browser, width: number): Promise<Page> {
  const context = await browser.newContext({
    storageState: elevatedState,
    viewport: { width, height: width < 600 ? 780 : 900 },
  });
  return context.newPage();
}

const tabs = (page: Page) => page.getByRole('navigation', { name: 'Pupil record' });

test('a teacher records a concern about Zofia with two body-map markers', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 780 } });
  const page = await context.newPage();
  await signInOn(page, 'teacher@demo.haven.test');
  await page.getByRole('link', { name: 'Add incident' }).click();
  const pupil = page.getByRole('combobox', { name: 'Pupil', exact: true });
  // The demo's pupils arrive through the import job shortly after the server starts.
  await expect(async () => {
    await pupil.fill('');
    await pupil.fill('zofia');
    await expect(page.getByRole('option', { name: new RegExp(ZOFIA) })).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 90_000 });
  await page.getByRole('option', { name: new RegExp(ZOFIA) }).click();
  await page
    .getByLabel('What happened')
    .fill('Zofia flinched when touched on the arm in PE and has a bruise on her back.');
  await page.getByRole('checkbox', { name: 'Behaviour', exact: true }).check();
  await page.getByRole('application', { name: /Body \(front\)/ }).click({ position: { x: 40, y: 90 } });
  await page.getByLabel(/Note for marker 1/).fill('Bruise on the upper arm');
  await page.getByRole('application', { name: /Body \(back\)/ }).click({ position: { x: 80, y: 120 } });
  await page.getByLabel(/Note for marker 2/).fill('Bruise on the lower back');
  await page.getByRole('button', { name: 'Save incident' }).click();
  const heading = page.getByRole('heading', { name: /Incident #\d+ is recorded/ });
  await expect(heading).toBeVisible();
  number = /#(\d+)/.exec((await heading.textContent()) ?? '')?.[1] ?? '';
  expect(number).not.toBe('');
  await context.close();
});

test('the overview’s body map shows the markers, and the incident brings them forward', async ({
  browser,
}, testInfo) => {
  const width = testInfo.project.name === 'desktop' ? 1280 : 360;
  const page = await asDsl(browser, width);
  await page.goto(schoolUrl('demo', '/'));
  const search = page.getByRole('combobox', { name: 'Quick Student Search' });
  await search.fill('zofia kow');
  await page.getByRole('listbox', { name: 'Matching pupils' }).getByRole('option').filter({ hasText: ZOFIA }).click();
  await expect(page.getByRole('heading', { level: 1, name: ZOFIA })).toBeVisible();
  zofiaUrl = page.url();

  const map = page.getByRole('region', { name: 'Body map' });
  await expect(map.getByRole('img', { name: /Body \(front\): \d+ markers?/ })).toBeVisible();
  const incidents = map.getByRole('list', { name: 'Incidents with markers' });
  const ours = incidents
    .getByRole('listitem')
    .filter({ has: page.getByRole('button', { name: new RegExp(`^Incident #${number} `) }) });
  await expect(ours).toContainText('Bruise on the upper arm');
  await expect(ours).toContainText('Bruise on the lower back');
  await expect(ours.getByRole('link', { name: `Open incident #${number}` })).toHaveAttribute(
    'href',
    /\/incidents\/[0-9a-f-]{36}$/,
  );
  await expectAccessible(page);

  // From the keyboard: focusing the incident highlights its markers. The pointer is moved off the
  // list first: focusing scrolls the page, and an incident that scrolls under a resting pointer is
  // (by design) the one brought forward, which is what a long list of earlier incidents did here.
  await page.mouse.move(0, 0);
  const button = ours.getByRole('button', { name: new RegExp(`^Incident #${number} `) });
  await button.focus();
  await expect(ours).toHaveAttribute('data-highlighted', 'true');
  await page.keyboard.press('Tab');
  // A tap keeps it chosen until tapped again.
  await button.click();
  await expect(button).toHaveAttribute('aria-pressed', 'true');
  await expect(ours).toHaveAttribute('data-highlighted', 'true');
  for (const w of [360, 1280]) {
    await page.setViewportSize({ width: w, height: w < 600 ? 780 : 900 });
    await page.screenshot({ path: testInfo.outputPath(`overview-${w}.png`), fullPage: true });
    await map.screenshot({ path: testInfo.outputPath(`overview-body-map-${w}.png`) });
  }
  await button.click();
  await expect(button).toHaveAttribute('aria-pressed', 'false');
  await page.context().close();
});

test('the Audit tab shows the DSL’s own earlier view and the teacher’s incident, and filters them', async ({
  browser,
}, testInfo) => {
  const width = testInfo.project.name === 'desktop' ? 1280 : 360;
  const page = await asDsl(browser, width);
  await page.goto(zofiaUrl);
  await tabs(page).getByRole('link', { name: 'Audit' }).click();
  await expect(page).toHaveURL(/\/students\/[0-9a-f-]{36}\/audit$/);
  const log = page.getByRole('list', { name: 'Views and changes, newest first' });
  const ownView = log.getByRole('listitem').filter({ hasText: 'Viewed the Overview tab' }).first();
  await expect(ownView).toContainText('David Okafor');
  await expect(ownView.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}T/);
  const added = log.getByRole('listitem').filter({ hasText: `Added incident #${number}` });
  await expect(added).toContainText('Tom Hughes');
  await expect(added.getByRole('link', { name: `Added incident #${number}` })).toHaveAttribute(
    'href',
    /\/incidents\/[0-9a-f-]{36}$/,
  );
  await expectAccessible(page);
  for (const w of [360, 1280]) {
    await page.setViewportSize({ width: w, height: w < 600 ? 780 : 900 });
    await page.screenshot({ path: testInfo.outputPath(`audit-tab-${w}.png`), fullPage: true });
    await page
      .getByRole('region', { name: 'Views and changes' })
      .screenshot({ path: testInfo.outputPath(`audit-log-${w}.png`) });
  }
  await page.setViewportSize({ width, height: width < 600 ? 780 : 900 });

  // Only the DSL's own events.
  await page.getByLabel('Person', { exact: true }).selectOption({ label: 'David Okafor' });
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/person=/);
  await expect(log.getByRole('listitem').first()).toBeVisible();
  await expect(log.getByRole('listitem').filter({ hasText: 'Tom Hughes' })).toHaveCount(0);
  await expect(log).toContainText('Viewed the Overview tab');
  await expect(page.getByLabel('Person', { exact: true })).toHaveValue(/[0-9a-f-]{36}/);

  // An end before the start: said next to the field, what was chosen kept.
  await page.getByLabel('From', { exact: true }).fill('2025-06-12');
  await page.getByLabel('To', { exact: true }).fill('2025-06-10');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByText('Choose an end date on or after the start date.')).toBeVisible();
  await expect(page.getByLabel('To', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('From', { exact: true })).toHaveValue('2025-06-12');
  await expect(page.getByLabel('To', { exact: true })).toHaveValue('2025-06-10');
  await expect(page.getByLabel('Person', { exact: true })).toHaveValue(/[0-9a-f-]{36}/);
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath(`audit-tab-error-${width}.png`), fullPage: true });
  await page.getByRole('link', { name: 'Clear' }).click();
  await expect(log.getByRole('listitem').filter({ hasText: 'Tom Hughes' }).first()).toBeVisible();
  await page.context().close();
});

test('a teacher is not offered the Audit tab and gets the 404 page for it', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInOn(page, 'teacher@demo.haven.test');
  await expect(page.getByRole('heading', { name: 'Hello, Tom' })).toBeVisible();
  const response = await page.goto(`${zofiaUrl}/audit`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'We couldn’t find that page' })).toBeVisible();
  await expect(page.getByText('Views and changes')).toHaveCount(0);
  await context.close();
});

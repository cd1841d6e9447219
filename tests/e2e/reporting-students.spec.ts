/**
 * Reporting on Students, on a phone and a laptop: the demo's deputy DSL
 * builds "Pupils by year group, pupil premium" as a summary table on the
 * Custom report, sees each year's pupils split by pupil premium with
 * totals that add up, and downloads it as Excel: Gnumeric (ssconvert)
 * reads the same rows as the page shows. The deputy is this spec's own
 * person (no other spec signs in as her).
 */
import { expect, test, type Page } from '@playwright/test';
import { DEMO_USERS } from '../../db/seed/demo-users';
import { xlsxAsGnumericRows } from '../support/ssconvert';
import { expectAccessible } from './support/a11y';
import { headerMenu } from './support/header';
import { elevateWithKey, signInOnPhone } from './support/sign-in';

const DEPUTY = DEMO_USERS.find((u) => u.email === 'deputy.dsl@demo.haven.test')!;
const TITLE = 'Pupils by year group and pupil premium';

let page: Page;

test.beforeAll(async ({ browser }) => {
  page = await signInOnPhone(browser, DEPUTY.email);
  await elevateWithKey(page, DEPUTY.totpSecret);
});

test.afterAll(async () => {
  await page.context().close();
});

/** The table as the page shows it: each row's cells as text. */
const tableRows = (p: Page) =>
  p
    .getByRole('table', { name: TITLE })
    .locator('tbody tr, tfoot tr')
    .evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('th, td')).map((c) => c.textContent!.trim())));

test('a deputy DSL counts pupils by year group and pupil premium, and the Excel file holds the same rows', async ({}, testInfo) => {
  await (await headerMenu(page)).getByRole('link', { name: 'Reporting' }).click();
  await page.getByRole('link', { name: /Custom report/ }).click();
  await page.getByLabel('Subject').selectOption({ label: 'Students' });
  await page.getByRole('button', { name: 'Generate report' }).click();
  // The groupings now offered are the pupils' own.
  await page.getByLabel('Rows: group by').selectOption({ label: 'Year group' });
  await page.getByLabel('Columns: then by (optional)').selectOption({ label: 'Pupil premium' });
  await page.getByRole('button', { name: 'Generate report' }).click();

  await expect(page.getByRole('heading', { name: TITLE, exact: true })).toBeVisible();
  const rows = await tableRows(page);
  expect(rows.length).toBeGreaterThan(1);
  // Every pupil is counted once: pupil premium or not, each row's cells add up to its total.
  for (const r of rows) {
    const [, yes, no, total] = r.map((c) => Number(c.replace(/,/g, '')));
    expect(yes! + no!).toBe(total);
  }
  const grand = rows.at(-1)!;
  expect(grand[0]).toBe('Total');
  const bodyTotal = rows.slice(0, -1).reduce((n, r) => n + Number(r.at(-1)!.replace(/,/g, '')), 0);
  expect(Number(grand.at(-1)!.replace(/,/g, ''))).toBe(bodyTotal);
  await expect(page.getByText(new RegExp(`${bodyTotal} pupils in all`))).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath('students-360.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: testInfo.outputPath('students-1280.png'), fullPage: true });
  await page.setViewportSize({ width: 360, height: 780 });

  // page.request cannot reach the school's host: the browser fetches the workbook itself.
  const href = await page.getByRole('link', { name: 'Download Excel' }).getAttribute('href');
  const bytes = await page.evaluate(async (url) => {
    const res = await fetch(url!);
    if (!res.ok) throw new Error(`Excel: ${res.status}`);
    return Array.from(new Uint8Array(await res.arrayBuffer()));
  }, href);
  const sheet = xlsxAsGnumericRows(new Uint8Array(bytes));
  const head = sheet.findIndex((r) => r[0] === 'Year group / Pupil premium');
  expect(head).toBeGreaterThan(0);
  expect(sheet[head]).toEqual(['Year group / Pupil premium', 'Pupil premium', 'Not pupil premium', 'Total']);
  expect(sheet.slice(head + 1, head + 1 + rows.length).map((r) => r.slice(0, 4))).toEqual(
    rows.map((r) => r.map((c) => c.replace(/,/g, ''))),
  );
});

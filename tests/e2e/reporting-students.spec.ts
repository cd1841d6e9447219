/**
 * Reporting on Students, on a phone and a laptop: the demo's deputy DSL
 * builds "Pupils by year group, pupil premium" as a summary table on the
 * Custom report, sees each year's pupils split by pupil premium with
 * totals that add up, and downloads it as Excel: Gnumeric (ssconvert)
 * reads the same rows as the page shows. Then a listing of one year
 * group's pupils (the Excel rows are the pupils the page lists, by name)
 * and a combined graph of year group with a line per gender (its Excel
 * rows are the table's). The deputy is this spec's own person (no other
 * spec signs in as her).
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
/** The Custom report on Students (on the school's own host: relative to the page, not the suite's base). */
const STUDENTS_FORM = '/reporting/custom?subject=students&groupingsFor=students&primary=year-group&range=any';

/** The report's Excel download as Gnumeric reads it (page.request cannot reach the school's host: the browser fetches it). */
async function downloadedSheet(p: Page): Promise<string[][]> {
  const href = await p.getByRole('link', { name: 'Download Excel' }).getAttribute('href');
  const bytes = await p.evaluate(async (url) => {
    const res = await fetch(url!);
    if (!res.ok) throw new Error(`Excel: ${res.status}`);
    return Array.from(new Uint8Array(await res.arrayBuffer()));
  }, href);
  return xlsxAsGnumericRows(new Uint8Array(bytes));
}

test.beforeAll(async ({ browser }) => {
  page = await signInOnPhone(browser, DEPUTY.email);
  await elevateWithKey(page, DEPUTY.totpSecret);
});

test.afterAll(async () => {
  await page.context().close();
});

/** The table as the page shows it: each row's cells as text. */
const tableRows = (p: Page, title = TITLE) =>
  p
    .getByRole('table', { name: title })
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

  const sheet = await downloadedSheet(page);
  const head = sheet.findIndex((r) => r[0] === 'Year group / Pupil premium');
  expect(head).toBeGreaterThan(0);
  expect(sheet[head]).toEqual(['Year group / Pupil premium', 'Pupil premium', 'Not pupil premium', 'Total']);
  expect(sheet.slice(head + 1, head + 1 + rows.length).map((r) => r.slice(0, 4))).toEqual(
    rows.map((r) => r.map((c) => c.replace(/,/g, ''))),
  );
});

test('a listing of one year group’s pupils, by name, and its Excel file lists the same pupils', async ({}, testInfo) => {
  await page.goto(new URL(STUDENTS_FORM, page.url()).toString());
  await page.getByLabel('Show as').selectOption({ label: 'Listing (every incident, or on Students every pupil)' });
  await page.getByText('Pupil filters', { exact: true }).click();
  const year = page.locator('select[name=yearGroup]');
  const firstYear = (await year.locator('option').allTextContents()).find((t) => /^Year \d+/.test(t))!;
  await year.selectOption({ label: firstYear });
  await page.getByRole('checkbox', { name: 'The pupil’s basic data' }).check();
  await page.getByRole('button', { name: 'Generate report' }).click();

  await expect(page.getByRole('heading', { name: 'Pupil listing', exact: true })).toBeVisible();
  const cards = page.getByRole('list', { name: /^Pupils \(first \d+\)$/ }).getByRole('article');
  const names = await cards.locator('h3').allTextContents();
  expect(names.length).toBeGreaterThan(0);
  await expect(
    page.getByText(new RegExp(`${names.length === 1 ? 'One pupil' : `${names.length} pupils`} in all`)),
  ).toBeVisible();
  for (const card of await cards.all()) await expect(card.getByText(firstYear, { exact: true })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath('students-listing-360.png'), fullPage: true });

  const sheet = await downloadedSheet(page);
  const head = sheet.findIndex((r) => r[0] === 'Pupil');
  expect(head).toBeGreaterThan(0);
  expect(sheet[head]!.slice(0, 3)).toEqual(['Pupil', 'Year group', 'Tutor group']);
  const pupils = sheet.slice(head + 1).filter((r) => r[0] !== '');
  expect(pupils.map((r) => r[0])).toEqual(names);
  expect(new Set(pupils.map((r) => r[1]))).toEqual(new Set([firstYear]));
});

test('a combined graph of year group with a line per gender, drawn and in Excel with the table’s rows', async ({}, testInfo) => {
  const title = 'Pupils by year group, with a line per gender';
  await page.goto(new URL(STUDENTS_FORM, page.url()).toString());
  await page.getByLabel('Show as').selectOption({ label: 'Combined graph (two groupings on one chart)' });
  await page.getByLabel('Columns: then by (optional)').selectOption({ label: 'Gender' });
  await page.getByRole('button', { name: 'Generate report' }).click();

  await expect(page.getByRole('heading', { name: title, exact: true })).toBeVisible();
  await expect(page.locator('canvas[role="img"]')).toBeVisible();
  const rows = await tableRows(page, title);
  expect(rows.length).toBeGreaterThan(1);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath('students-combined-360.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: testInfo.outputPath('students-combined-1280.png'), fullPage: true });
  await page.setViewportSize({ width: 360, height: 780 });

  const sheet = await downloadedSheet(page);
  const head = sheet.findIndex((r) => r[0] === 'Year group / Gender');
  expect(head).toBeGreaterThan(0);
  const width = rows[0]!.length;
  expect(sheet.slice(head + 1, head + 1 + rows.length).map((r) => r.slice(0, width))).toEqual(
    rows.map((r) => r.map((c) => c.replace(/,/g, ''))),
  );
});

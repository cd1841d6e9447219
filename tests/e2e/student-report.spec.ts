/**
 * A pupil's Student report on a phone: the demo DSL records a concern about
 * Mohammed that names him, a linked pupil and the DSL, opens his Student
 * report tab, builds his full chronology of the last 7 days with student
 * and staff names hidden, and downloads it: the Excel opens in Gnumeric
 * (ssconvert) with the same incidents as the enquiry view, and the PDF with
 * a password needs it (qpdf) and, opened with it (pdftotext), shows the
 * incident with the names replaced. The same report as counts by day of the
 * week follows.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { pdfText, qpdfFacts } from '../support/pdf';
import { xlsxAsGnumericRows } from '../support/ssconvert';
import { expectAccessible } from './support/a11y';
import { phonePageWithKey } from './support/shared-page';
import { DEMO_DSL_SECRET, pickPupil } from './support/sign-in';

const TEXT = 'Mohammed Al-Hassan told Zofia Kowalczyk that David Okafor would ring home about the bus fare.';
const HIDDEN = /\[Student\] told \[Linked student \d+\] that \[DSL\] would ring home about the bus fare\./;
const PASSWORD = 'Conference Łódź 2026';

test.describe.configure({ mode: 'serial' });

let page: Page;

test.beforeAll(async ({ browser }) => {
  page = await phonePageWithKey(browser, 'dsl@demo.haven.test', DEMO_DSL_SECRET);
});

test.afterAll(async () => {
  await page.context().close();
});

test('the DSL produces a pupil’s chronology with hidden names as Excel and a password PDF', async ({}, testInfo) => {
  await page.getByRole('link', { name: 'Add incident' }).click();
  await pickPupil(page, 'Pupil', 'al-hassan', /Mohammed Al-Hassan/);
  await page.getByLabel('What happened').fill(TEXT);
  await page.getByRole('checkbox', { name: 'Bullying', exact: true }).check();
  await pickPupil(page, 'Link a pupil', 'zofia', /Zofia Kowalczyk/);
  await page.getByRole('button', { name: 'Save incident' }).click();
  await expect(page).toHaveURL(/\/students\/[0-9a-f-]{36}\/incidents/);

  await page.getByRole('navigation', { name: 'Pupil record' }).getByRole('link', { name: 'Student report' }).click();
  await expect(page.getByRole('heading', { name: 'Student report' })).toBeVisible();
  await page.getByLabel('Date range').selectOption({ label: 'Last 7 days' });
  await expect(page.getByLabel('Show as')).toHaveValue('listing');
  await page.getByRole('checkbox', { name: 'Hide student names' }).check();
  await page.getByRole('checkbox', { name: 'Hide staff names' }).check();
  await page.getByRole('button', { name: 'Generate report' }).click();

  await expect(page.getByRole('heading', { name: 'Incident listing' })).toBeVisible();
  const card = page.getByRole('article').filter({ hasText: 'bus fare' });
  await expect(card).toContainText(HIDDEN);
  await expect(card).not.toContainText('Al-Hassan');
  await expect(card).not.toContainText('Kowalczyk');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath('student-report-360.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: testInfo.outputPath('student-report-1280.png'), fullPage: true });
  await page.setViewportSize({ width: 360, height: 780 });

  // The enquiry view's incidents, by number, as the files must hold them.
  const shown = (await page.getByRole('article').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label'))))
    .map((l) => Number(l!.replace('Incident ', '')))
    .map(String);
  expect(shown.length).toBeGreaterThan(0);

  // page.request cannot reach the school's host: the browser fetches the workbook itself.
  const href = await page.getByRole('link', { name: 'Download Excel' }).getAttribute('href');
  const bytes = await page.evaluate(async (url) => {
    const res = await fetch(url!);
    if (!res.ok) throw new Error(`Excel: ${res.status}`);
    return Array.from(new Uint8Array(await res.arrayBuffer()));
  }, href);
  const rows = xlsxAsGnumericRows(new Uint8Array(bytes));
  const incidents = rows.filter((r) => r[1] === 'Incident');
  expect(incidents.map((r) => r[0])).toEqual(shown);
  expect(incidents.some((r) => HIDDEN.test(r.at(-1) ?? ''))).toBe(true);
  expect(JSON.stringify(rows)).not.toMatch(/Al-Hassan|Kowalczyk/);
  // The DSL's name is only where the file says who generated it, never in a row about an incident.
  expect(JSON.stringify(incidents)).not.toContain('Okafor');

  await page.getByLabel('PDF password').fill(PASSWORD);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download PDF' }).click();
  const got = await download;
  expect(got.suggestedFilename()).toMatch(/^student-report-\d{4}-\d{2}-\d{2}\.pdf$/);
  const file = testInfo.outputPath('student-report.pdf');
  await got.saveAs(file);
  const pdf = readFileSync(file);
  expect(qpdfFacts(pdf, PASSWORD).requiresPassword).toBe(true);
  const text = pdfText(pdf, { password: PASSWORD }).replace(/\s+/g, ' ');
  expect(text).toMatch(HIDDEN);
  expect(text).toContain('Pupil [Student]');
  expect(text).not.toMatch(/Al-Hassan|Kowalczyk/);
  expect(text.replaceAll('by David Okafor', '')).not.toContain('Okafor');
});

test('the same pupil’s incidents counted by day of the week, as a column chart', async ({}, testInfo) => {
  await page.getByLabel('Show as').selectOption({ label: 'Column chart' });
  await page.getByLabel('Count by (table and charts)').selectOption({ label: 'Day of the week' });
  await page.getByRole('button', { name: 'Generate report' }).click();
  await expect(page.getByRole('heading', { name: 'Incidents by day of the week', exact: true })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Incidents by day of the week' })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath('student-report-chart-360.png'), fullPage: true });
});

test('basic data field by field, and the pupil’s contacts, on screen and in the Excel', async ({}, testInfo) => {
  await page.getByLabel('Show as').selectOption({ label: 'Full chronology' });
  await page.getByRole('checkbox', { name: 'Hide student names' }).uncheck();
  await page.getByRole('checkbox', { name: 'Hide staff names' }).uncheck();
  const basic = page.getByRole('group', { name: 'Basic data fields' });
  // Every field is ticked at first; two are left out.
  for (const name of ['Date of birth', 'Tutor group', 'Looked after'])
    await expect(basic.getByRole('checkbox', { name, exact: true })).toBeChecked();
  await basic.getByRole('checkbox', { name: 'Date of birth', exact: true }).uncheck();
  await basic.getByRole('checkbox', { name: 'Looked after', exact: true }).uncheck();
  await page.getByRole('checkbox', { name: 'The pupil’s contacts', exact: true }).check();
  await page.getByRole('button', { name: 'Generate report' }).click();

  await expect(page.getByRole('heading', { name: 'Incident listing' })).toBeVisible();
  const card = page.getByRole('article').filter({ hasText: 'bus fare' });
  await expect(card.getByText('Tutor group', { exact: true })).toBeVisible();
  await expect(card.getByText('Date of birth', { exact: true })).toHaveCount(0);
  await expect(card.getByText('Looked after', { exact: true })).toHaveCount(0);
  await expect(card.getByRole('heading', { name: 'Contacts', level: 4 })).toBeVisible();
  await expect(card.getByText('Relationship', { exact: true }).first()).toBeVisible();
  // What was ticked stays ticked.
  await expect(basic.getByRole('checkbox', { name: 'Date of birth', exact: true })).not.toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'The pupil’s contacts', exact: true })).toBeChecked();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath('student-report-fields-360.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: testInfo.outputPath('student-report-fields-1280.png'), fullPage: true });
  await page.setViewportSize({ width: 360, height: 780 });

  const href = await page.getByRole('link', { name: 'Download Excel' }).getAttribute('href');
  const bytes = await page.evaluate(async (url) => {
    const res = await fetch(url!);
    if (!res.ok) throw new Error(`Excel: ${res.status}`);
    return Array.from(new Uint8Array(await res.arrayBuffer()));
  }, href);
  const rows = xlsxAsGnumericRows(new Uint8Array(bytes));
  const head = rows.find((r) => r[0] === 'Number')!;
  expect(head).toContain('Tutor group');
  expect(head).toContain('Contacts');
  expect(head).not.toContain('Date of birth');
  expect(head).not.toContain('Looked after');
  const contacts = rows.filter((r) => r[1] === 'Incident').map((r) => r[head.indexOf('Contacts')] ?? '');
  expect(contacts.some((c) => c.includes('Relationship: '))).toBe(true);
});

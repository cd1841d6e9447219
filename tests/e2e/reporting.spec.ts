/**
 * Reporting on a phone and at a desk: the demo DSL records a Behaviour
 * incident, follows "Reporting" in the header to the Custom report, builds
 * "Behaviour incidents by tutor group this academic year" and sees the
 * summary table with its total, then downloads it as Excel (read back with
 * exceljs) and as a PDF with a password (qpdf: R = 6; pdftotext with the
 * password shows the total); a wrong date range is answered next to its
 * field with what was typed kept; a teacher has no Reporting link and is
 * told the area is not theirs.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Download, type Page, type TestInfo } from '@playwright/test';
import ExcelJS from 'exceljs';
import { pdfText, qpdfFacts } from '../support/pdf';
import { expectAccessible } from './support/a11y';
import { phonePageWithKey } from './support/shared-page';
import { DEMO_DSL_SECRET, pickPupil, signInOnPhone } from './support/sign-in';
import { schoolUrl } from './support/urls';
import { headerMenu } from './support/header';

test.describe.configure({ mode: 'serial' });

/** A phone-sized and a desk-sized picture of the page, and the page never wider than the phone. */
async function screenshots(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.screenshot({ path: testInfo.outputPath(`${name}-360.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: testInfo.outputPath(`${name}-1280.png`), fullPage: true });
  await page.setViewportSize({ width: 360, height: 780 });
}

let dsl: Page;

test('a DSL builds Behaviour incidents by tutor group this academic year', async ({ browser }, testInfo) => {
  dsl = await phonePageWithKey(browser, 'dsl@demo.haven.test', DEMO_DSL_SECRET);

  // A Behaviour incident today, so this academic year has one whatever other specs did.
  await dsl.getByRole('link', { name: 'Add incident' }).click();
  await pickPupil(dsl, 'Pupil', 'lukasz kow', /Łukasz Kowalczyk/);
  await dsl.getByLabel('What happened').fill('Threw a chair in the corridor at break.');
  await dsl.getByRole('checkbox', { name: 'Behaviour', exact: true }).check();
  await dsl.getByRole('button', { name: 'Save incident' }).click();
  await expect(dsl).toHaveURL(/\/students\/[0-9a-f-]{36}\/incidents/);

  await (await headerMenu(dsl)).getByRole('link', { name: 'Reporting' }).click();
  await expect(dsl.getByRole('heading', { name: 'Reporting', level: 1 })).toBeVisible();
  await expectAccessible(dsl);
  await dsl.getByRole('link', { name: /Custom report/ }).click();
  await expect(dsl.getByRole('heading', { name: 'Custom report', level: 1 })).toBeVisible();

  await dsl.getByLabel('Date range').selectOption({ label: 'This academic year' });
  await dsl.getByRole('checkbox', { name: 'Behaviour', exact: true }).check();
  await dsl.getByLabel('Rows: group by').selectOption({ label: 'Tutor group' });
  await dsl.getByRole('button', { name: 'Generate report' }).click();

  await expect(dsl.getByRole('heading', { name: 'Incidents by tutor group' })).toBeVisible();
  await expect(dsl).toHaveURL(/primary=tutor-group/);
  const table = dsl.getByRole('table', { name: 'Incidents by tutor group' });
  await expect(table.getByRole('columnheader', { name: 'Tutor group' })).toBeVisible();
  const totalRow = table.getByRole('row').filter({ has: dsl.getByRole('rowheader', { name: 'Total' }) });
  const total = Number(await totalRow.getByRole('cell').last().innerText());
  expect(total).toBeGreaterThanOrEqual(1);
  await expect(dsl.getByText(`${total === 1 ? 'One incident' : `${total} incidents`} in all.`)).toBeVisible();
  // What was chosen stays chosen on the page that shows the report.
  await expect(dsl.getByLabel('Date range')).toHaveValue('this-academic-year');
  await expect(dsl.getByRole('checkbox', { name: 'Behaviour', exact: true })).toBeChecked();
  await expectAccessible(dsl);
  await screenshots(dsl, testInfo, 'reporting-tutor-groups');

  // A second grouping: months across, in a table that scrolls inside its card on a phone.
  await dsl.getByLabel('Columns: then by (optional)').selectOption({ label: 'Month and year' });
  await dsl.getByRole('button', { name: 'Generate report' }).click();
  await expect(dsl.getByRole('heading', { name: 'Incidents by tutor group and month and year' })).toBeVisible();
  await screenshots(dsl, testInfo, 'reporting-tutor-groups-months');
});

test('the report downloads as Excel and as a PDF with a password', async ({}, testInfo) => {
  // The tutor group × month report of the test before, as on screen.
  const table = dsl.getByRole('table', { name: 'Incidents by tutor group and month and year' });
  const totalRow = table.getByRole('row').filter({ has: dsl.getByRole('rowheader', { name: 'Total' }) });
  const total = Number(await totalRow.getByRole('cell').last().innerText());

  const excelDownload = dsl.waitForEvent('download');
  await dsl.getByRole('link', { name: 'Download Excel' }).click();
  const excel = await excelDownload;
  expect(excel.suggestedFilename()).toMatch(/^incident-report-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await saved(excel, testInfo));
  const rows: unknown[][] = [];
  book.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  expect(rows[0]).toEqual(['Incidents by tutor group and month and year']);
  expect(rows.at(-1)?.[0]).toBe('Total');
  expect(rows.at(-1)?.at(-1)).toBe(total);

  // Too short a password is answered next to the field, and nothing is downloaded.
  const password = dsl.getByLabel('PDF password');
  await password.fill('short');
  await dsl.getByRole('button', { name: 'Download PDF' }).click();
  await expect(dsl.getByText('Use at least 10 characters, or leave it empty for no password.')).toBeVisible();
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expect(password).toHaveValue('short');
  await expectAccessible(dsl);

  await password.fill('Żółć governors 2026');
  const pdfDownload = dsl.waitForEvent('download');
  await dsl.getByRole('button', { name: 'Download PDF' }).click();
  const pdf = readFileSync(await saved(await pdfDownload, testInfo));
  const facts = qpdfFacts(pdf, 'Żółć governors 2026');
  expect(facts.requiresPassword).toBe(true);
  expect(facts.encryption).toMatch(/^R = 6$/m);
  const text = pdfText(pdf, { password: 'Żółć governors 2026' }).replace(/\s+/g, ' ');
  expect(text).toContain('Incidents by tutor group and month and year');
  expect(text).toContain(`${total === 1 ? 'One incident' : `${total} incidents`} in all.`);
  expect(text).toContain('CONFIDENTIAL');
});

async function saved(download: Download, testInfo: TestInfo): Promise<string> {
  const file = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(file);
  return file;
}

test('a wrong date range is answered next to its field, with what was typed kept', async ({}, testInfo) => {
  await dsl.goto(schoolUrl('demo', '/reporting/custom'));
  await dsl.getByLabel('Date range').selectOption({ label: 'Between dates' });
  await dsl.getByLabel('From', { exact: true }).fill('2026-05-01');
  await dsl.getByLabel('To', { exact: true }).fill('2026-04-01');
  await dsl.getByRole('button', { name: 'Generate report' }).click();
  await expect(dsl.getByText('Choose an end date on or after the start date.')).toBeVisible();
  await expect(dsl.getByLabel('To', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(dsl.getByLabel('From', { exact: true })).toHaveValue('2026-05-01');
  await expect(dsl.getByRole('table')).toHaveCount(0);
  await expectAccessible(dsl);
  await screenshots(dsl, testInfo, 'reporting-wrong-dates');
  await dsl.context().close();
});

test('a teacher has no Reporting link and is told the area is not theirs', async ({ browser }) => {
  const teacher = await signInOnPhone(browser, 'teacher@demo.haven.test');
  await expect(teacher.getByRole('heading', { name: 'Hello, Tom' })).toBeVisible();
  await expect((await headerMenu(teacher)).getByRole('link', { name: 'Reporting' })).toHaveCount(0);
  await teacher.goto(schoolUrl('demo', '/reporting/custom?primary=category'));
  await expect(teacher.getByText(/Your user group does not include running reports/)).toBeVisible();
  await expect(teacher.getByRole('table')).toHaveCount(0);
  await teacher.context().close();
});

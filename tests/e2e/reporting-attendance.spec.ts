/**
 * Reporting → Attendance on a phone: the demo DSL follows Reporting →
 * Attendance, reads the classes against the average in a table (the chart
 * beside it), opens a class, sees its pupils highest first and follows one
 * to their Attendance tab; "Show filters" narrows the figures through the
 * address, keeps the choice, and answers a wrong age next to its field with
 * what was typed kept. Reading changes nothing but the audit log.
 */
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { phonePageWithKey } from './support/shared-page';
import { DEMO_DSL_SECRET } from './support/sign-in';
import { schoolUrl } from './support/urls';
import { headerMenu } from './support/header';

test.describe.configure({ mode: 'serial' });

async function screenshots(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.screenshot({ path: testInfo.outputPath(`${name}-360.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: testInfo.outputPath(`${name}-1280.png`), fullPage: true });
  await page.setViewportSize({ width: 360, height: 780 });
}

let dsl: Page;

test('a DSL reads attendance by class and opens a class’s pupils', async ({ browser }, testInfo) => {
  dsl = await phonePageWithKey(browser, 'dsl@demo.haven.test', DEMO_DSL_SECRET);
  await (await headerMenu(dsl)).getByRole('link', { name: 'Reporting' }).click();
  await dsl.getByRole('link', { name: /^Attendance/ }).click();
  await expect(dsl.getByRole('heading', { name: 'Attendance', level: 1 })).toBeVisible();
  await expect(dsl.getByText(/The average is of all \d+ pupils on roll you may see\./)).toBeVisible();

  const table = dsl.getByRole('table', { name: /Attendance by (tutor|year) group/ });
  await expect(table.getByRole('columnheader', { name: 'Against average' })).toBeVisible();
  const firstClass = table.getByRole('rowheader').getByRole('link').first();
  const className = (await firstClass.innerText()).trim();
  // The filters start closed, so a phone opens at the figures.
  await expect(dsl.getByLabel('Pupil premium')).toBeHidden();
  await expectAccessible(dsl);
  await screenshots(dsl, testInfo, 'attendance-classes');

  await firstClass.click();
  await expect(dsl.getByRole('heading', { level: 1 })).toHaveText(`Attendance of ${className}`);
  const pupils = dsl.getByRole('list').filter({ has: dsl.getByRole('link', { name: /%|–/ }) });
  const rows = pupils.getByRole('link');
  expect(await rows.count()).toBeGreaterThan(0);
  // Highest first.
  const shares = (await rows.allInnerTexts())
    .map((t) => /(\d+\.\d)%/.exec(t)?.[1])
    .filter((v): v is string => v !== undefined)
    .map(Number);
  expect(shares).toEqual([...shares].sort((x, y) => y - x));
  await expectAccessible(dsl);
  await screenshots(dsl, testInfo, 'attendance-class');

  await rows.first().click();
  await expect(dsl).toHaveURL(/\/students\/[0-9a-f-]{36}\/attendance/);
});

test('Show filters narrows the figures and answers a wrong age beside its field', async ({}, testInfo) => {
  await dsl.goto(schoolUrl('demo', '/reporting/attendance'));
  await dsl.getByText('Show filters').click();
  await dsl.getByLabel('Pupil premium').selectOption({ label: 'Yes' });
  await dsl.getByRole('button', { name: 'Apply filters' }).click();
  await expect(dsl).toHaveURL(/pupilPremium=yes/);
  await expect(dsl.getByText(/pupils on roll you may see who match the filters\./)).toBeVisible();
  await expect(dsl.getByLabel('Pupil premium')).toHaveValue('yes');

  await dsl.getByLabel('Age from').fill('ten');
  await dsl.getByRole('button', { name: 'Apply filters' }).click();
  await expect(dsl.getByLabel('Age from')).toHaveValue('ten');
  await expect(dsl.getByLabel('Age from')).toHaveAttribute('aria-invalid', 'true');
  await expect(dsl.getByText('Enter an age from 2 to 25 in whole years, or leave it empty.')).toBeVisible();
  await expect(dsl.getByRole('table', { name: /Attendance by/ })).toHaveCount(0);
  await expect(dsl.getByText('The figures appear once the filters are corrected.')).toBeVisible();
  await expectAccessible(dsl);
  await screenshots(dsl, testInfo, 'attendance-filters-error');

  await dsl.getByLabel('Age from').fill('');
  await dsl.getByLabel('Include pupils who have left (archived)').check();
  await dsl.getByRole('button', { name: 'Apply filters' }).click();
  await expect(dsl).toHaveURL(/includeArchived=yes/);
  await expect(dsl.getByText(/pupils you may see, on roll or left, who match the filters\./)).toBeVisible();
  await expect(dsl.getByLabel('Include pupils who have left (archived)')).toBeChecked();

  await dsl.getByRole('link', { name: 'Clear filters' }).click();
  await expect(dsl).toHaveURL(/\/reporting\/attendance$/);
  await expect(dsl.getByRole('table', { name: /Attendance by/ })).toBeVisible();
});

test('Overview leads to Attendance', async () => {
  await dsl.goto(schoolUrl('demo', '/reporting/overview'));
  await dsl.getByRole('link', { name: 'Attendance by class and each class’s pupils' }).click();
  await expect(dsl.getByRole('heading', { name: 'Attendance', level: 1 })).toBeVisible();
});

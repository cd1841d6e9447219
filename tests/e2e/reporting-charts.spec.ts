/**
 * Charts on a phone and at a desk: the demo DSL builds "Behaviour incidents
 * by tutor group this term" as a column summary chart and sees the chart and
 * the table of its figures, turns it into a PNG to save; the Overview is the
 * first thing Reporting offers and, like Graphs, fits a 360 px screen with
 * its charts drawn. Each page is photographed at 360 and 1280 px.
 */
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { phonePageWithKey } from './support/shared-page';
import { DEMO_DSL_SECRET, pickPupil } from './support/sign-in';
import { schoolUrl } from './support/urls';
import { headerMenu } from './support/header';

test.describe.configure({ mode: 'serial' });

/** A phone-sized and a desk-sized picture of the page, and the page never wider than the phone. */
async function screenshots(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.screenshot({ path: testInfo.outputPath(`${name}-360.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  // chart.js redraws on resize after a short wait.
  await page.waitForTimeout(400);
  await page.screenshot({ path: testInfo.outputPath(`${name}-1280.png`), fullPage: true });
  await page.setViewportSize({ width: 360, height: 780 });
  await page.waitForTimeout(400);
}

let dsl: Page;

test('a DSL builds Behaviour incidents by tutor group this term as a column chart', async ({ browser }, testInfo) => {
  dsl = await phonePageWithKey(browser, 'dsl@demo.haven.test', DEMO_DSL_SECRET);

  // A Behaviour incident today, so this term has one whatever other specs did.
  await dsl.getByRole('link', { name: 'Add incident' }).click();
  await pickPupil(dsl, 'Pupil', 'lukasz kow', /Łukasz Kowalczyk/);
  await dsl.getByLabel('What happened').fill('Pushed in the lunch queue and swore at a dinner supervisor.');
  await dsl.getByRole('checkbox', { name: 'Behaviour', exact: true }).check();
  await dsl.getByRole('button', { name: 'Save incident' }).click();
  await expect(dsl).toHaveURL(/\/students\/[0-9a-f-]{36}\/incidents/);

  await (await headerMenu(dsl)).getByRole('link', { name: 'Reporting' }).click();
  await dsl.getByRole('link', { name: /Custom report/ }).click();
  await dsl.getByLabel('Date range').selectOption({ label: 'This term' });
  await dsl.getByRole('checkbox', { name: 'Behaviour', exact: true }).check();
  await dsl.getByLabel('Rows: group by').selectOption({ label: 'Tutor group' });
  await dsl.getByLabel('Show as').selectOption({ label: 'Column chart' });
  await dsl.getByRole('button', { name: 'Generate report' }).click();

  await expect(dsl).toHaveURL(/display=column/);
  await expect(dsl.getByRole('heading', { name: 'Incidents by tutor group' })).toBeVisible();
  const chart = dsl.getByRole('img', { name: /^Incidents by tutor group\. The figures are in the table below\.$/ });
  await expect(chart).toBeVisible();
  expect(await chart.evaluate((el) => el.tagName)).toBe('CANVAS');
  const box = (await chart.boundingBox())!;
  expect(box.width).toBeGreaterThan(250);
  expect(box.height).toBeGreaterThan(200);
  const table = dsl.getByRole('table', { name: 'Incidents by tutor group' });
  await expect(table.getByRole('columnheader', { name: 'Tutor group' })).toBeVisible();
  const totalRow = table.getByRole('row').filter({ has: dsl.getByRole('rowheader', { name: 'Total' }) });
  expect(Number(await totalRow.getByRole('cell').last().innerText())).toBeGreaterThanOrEqual(1);
  // The chart sits above its table.
  expect(box.y).toBeLessThan((await table.boundingBox())!.y);
  await expect(dsl.getByLabel('Show as')).toHaveValue('column');
  await expectAccessible(dsl);
  await screenshots(dsl, testInfo, 'summary-chart-column');

  // Tapping a column shows its value.
  await dsl.mouse.click(box.x + box.width / 2, box.y + box.height - 60);

  // Image mode: a PNG to save, and back to the interactive chart.
  await dsl.getByRole('button', { name: 'Image' }).click();
  const save = dsl.getByRole('link', { name: 'Save PNG' });
  await expect(save).toHaveAttribute('href', /^data:image\/png;base64,/);
  await expect(save).toHaveAttribute('download', 'incidents-by-tutor-group.png');
  const download = dsl.waitForEvent('download');
  await save.click();
  expect((await download).suggestedFilename()).toBe('incidents-by-tutor-group.png');
  await dsl.getByRole('button', { name: 'Interactive chart' }).click();
  await expect(chart).toBeVisible();

  // A pie takes one grouping: asking for two is answered next to the second.
  await dsl.getByLabel('Show as').selectOption({ label: 'Pie chart' });
  await dsl.getByLabel('Columns: then by (optional)').selectOption({ label: 'Month and year' });
  await dsl.getByRole('button', { name: 'Generate report' }).click();
  await expect(dsl.getByText('A pie chart shows one grouping', { exact: false })).toBeVisible();
  await expect(dsl.getByLabel('Columns: then by (optional)')).toHaveAttribute('aria-invalid', 'true');
  await expect(dsl.locator('canvas')).toHaveCount(0);
});

test('a combined graph: incidents by month as columns with a line per category', async ({}, testInfo) => {
  // A Bullying incident beside the Behaviour one: two lines over this month's column.
  await dsl.goto(schoolUrl('demo', '/'));
  await dsl.getByRole('link', { name: 'Add incident' }).click();
  await pickPupil(dsl, 'Pupil', 'lukasz kow', /Łukasz Kowalczyk/);
  await dsl.getByLabel('What happened').fill('Name-calling in the corridor after lunch.');
  await dsl.getByRole('checkbox', { name: 'Bullying', exact: true }).check();
  await dsl.getByRole('button', { name: 'Save incident' }).click();
  await expect(dsl).toHaveURL(/\/students\/[0-9a-f-]{36}\/incidents/);

  await dsl.goto(schoolUrl('demo', '/reporting/custom'));
  await dsl.getByLabel('Date range').selectOption({ label: 'This academic year' });
  await dsl.getByLabel('Rows: group by').selectOption({ label: 'Month and year' });
  await dsl.getByLabel('Show as').selectOption({ label: 'Combined graph (two groupings on one chart)' });
  // The lines are the second grouping: without one there is nothing to combine.
  await dsl.getByRole('button', { name: 'Generate report' }).click();
  await expect(dsl.getByText('Choose a second grouping: the combined graph', { exact: false })).toBeVisible();
  await expect(dsl.getByLabel('Columns: then by (optional)')).toHaveAttribute('aria-invalid', 'true');
  await expect(dsl.locator('canvas')).toHaveCount(0);
  await expect(dsl.getByLabel('Show as')).toHaveValue('combined');

  await dsl.getByLabel('Columns: then by (optional)').selectOption({ label: 'Category' });
  await dsl.getByRole('button', { name: 'Generate report' }).click();
  await expect(dsl).toHaveURL(/display=combined/);
  const title = 'Incidents by month and year, with a line per category';
  await expect(dsl.getByRole('heading', { name: title })).toBeVisible();
  const chart = dsl.getByRole('img', { name: `${title}. The figures are in the table below.` });
  await expect(chart).toBeVisible();
  expect(await chart.evaluate((el) => el.tagName)).toBe('CANVAS');
  const box = (await chart.boundingBox())!;
  expect(box.width).toBeGreaterThan(250);
  expect(box.height).toBeGreaterThan(300);
  // Its figures beneath it: a row per month, a column per category (each a line), and the totals (the columns).
  const table = dsl.getByRole('table', { name: title });
  await expect(table.getByRole('columnheader', { name: 'Behaviour', exact: true })).toBeVisible();
  await expect(table.getByRole('columnheader', { name: 'Bullying', exact: true })).toBeVisible();
  await expect(table.getByRole('columnheader', { name: 'Total', exact: true })).toBeVisible();
  expect(box.y).toBeLessThan((await table.boundingBox())!.y);
  // Drawn: the canvas holds coloured marks, not a blank background.
  const inked = await chart.evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 16) if (data[i]! < 200 || data[i + 2]! < 200) n++;
    return n;
  });
  expect(inked).toBeGreaterThan(500);
  await expectAccessible(dsl);
  await screenshots(dsl, testInfo, 'combined-graph');
});

test('Overview comes first in Reporting and fits a phone', async ({}, testInfo) => {
  await dsl.goto(schoolUrl('demo', '/reporting'));
  await expect(dsl.getByRole('main').getByRole('link').first()).toHaveAccessibleName(/^Overview/);
  await dsl.getByRole('link', { name: /^Overview/ }).click();
  await expect(dsl.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
  await expect(dsl.getByText('Monitored now', { exact: true })).toBeVisible();
  await expect(dsl.getByText('Incidents this year', { exact: true })).toBeVisible();
  await expect(dsl.getByRole('img', { name: /^Incidents this year by category\./ })).toBeVisible();
  await expect(dsl.getByRole('heading', { name: 'Attendance this year' })).toBeVisible();
  await expectAccessible(dsl);
  await screenshots(dsl, testInfo, 'reporting-overview');
});

test('Graphs draws each chart and fits a phone', async ({}, testInfo) => {
  await dsl.goto(schoolUrl('demo', '/reporting'));
  await dsl.getByRole('link', { name: /^Graphs/ }).click();
  await expect(dsl.getByRole('heading', { name: 'Graphs', level: 1 })).toBeVisible();
  for (const title of [
    'Incidents by category',
    'Incidents by month',
    'Monitored students',
    'SEN status',
    'Student ethnicity',
    'Student religion',
    'Absences by class',
    'Unauthorised absences',
  ])
    await expect(dsl.getByRole('heading', { name: title, level: 2 })).toBeVisible();
  await expect(dsl.getByRole('img', { name: /^Incidents by month\./ })).toBeVisible();
  await expect(dsl.locator('canvas').first()).toBeVisible();
  // The figures behind a chart, one tap away.
  const month = dsl.locator('section#incidents-by-month');
  await month.getByText('Show data').click();
  await expect(month.getByRole('table', { name: 'Incidents by month' })).toBeVisible();
  await expectAccessible(dsl);
  await screenshots(dsl, testInfo, 'reporting-graphs');
  await dsl.context().close();
});

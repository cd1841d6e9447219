/**
 * Saved and published reports, the issue's "Done when" for the summary
 * table: the DSL builds "Behaviour incidents by tutor group this term",
 * saves it (a missing title is answered next to the field), publishes it;
 * the head of Year 8 — a key holder restricted to Year 8, made for this spec
 * — finds it under Saved reports, may not change or delete it, regenerates
 * it and sees only Year 8's tutor groups, in the page and in its Excel and
 * password-protected PDF downloads, and opens it in the Custom report form
 * filled in with its filters. The DSL then deletes it after a confirmation. The saved list is checked with axe and photographed at 360
 * and 1280 px.
 *
 * Class restrictions change what every key holder sees, so this spec
 * prepares its own data directory (as custom-fields.spec.ts does) and serves
 * it with a second demo server.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test';
import ExcelJS from 'exceljs';
import { DEMO_PASSWORD } from '../../db/seed/demo-users';
import { pdfText, qpdfFacts } from '../support/pdf';
import { expectAccessible } from './support/a11y';
import { startDemoServer, type DemoServer } from './support/demo-server';
import { DEMO_DSL_SECRET, draftsOnDevice, pickPupil } from './support/sign-in';
import { freshTotp } from './support/totp';
import { YEAR8_HEAD } from './support/year8-head-user';
import { headerMenu } from './support/header';

const repo = fileURLToPath(new URL('../..', import.meta.url));
// A port of its own beside the shared server's (student-profile +1000, custom-fields +1100).
const port = Number(process.env.E2E_PORT ?? 3217) + 1300;
const TITLE = 'Behaviour incidents by tutor group this term';
const PDF_PASSWORD = 'Governors 2026 only';

test.describe.configure({ mode: 'serial', timeout: 180_000 });

let server: DemoServer;
let dsl: Page;

function run(args: string[], dataDir: string): void {
  const r = spawnSync('npx', ['tsx', '--conditions=react-server', ...args], {
    cwd: repo,
    env: { ...process.env, HAVEN_DATA_DIR: dataDir },
    encoding: 'utf8',
    timeout: 240_000,
  });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
}

test.beforeAll(async () => {
  test.setTimeout(420_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-e2e-reporting-saved-'));
  run(['scripts/cli.ts', 'migrate'], dataDir);
  run(['scripts/cli.ts', 'seed'], dataDir);
  run(['tests/e2e/support/year8-head.ts'], dataDir);
  server = await startDemoServer({ port, rootHost: 'localhost', dataDir });
});

test.afterAll(async () => {
  await server?.stop();
});

async function signInWithKey(browser: Browser, email: string, secret: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 360, height: 780 } })).newPage();
  await page.goto(server.schoolUrl('demo', '/login'));
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(server.schoolUrl('demo', '/elevate'));
  await page.getByLabel('Code from your authenticator app').fill(await freshTotp(secret));
  await page.getByRole('button', { name: 'Use key' }).click();
  await expect(page.getByRole('banner').getByText('Using your key')).toBeVisible();
  return page;
}

async function addBehaviourIncident(page: Page, query: string, name: RegExp, text: string): Promise<void> {
  await page.goto(server.schoolUrl('demo', '/incidents/new'));
  await pickPupil(page, 'Pupil', query, name);
  await page.getByLabel('What happened').fill(text);
  await page.getByRole('checkbox', { name: 'Behaviour', exact: true }).check();
  await page.getByRole('button', { name: 'Save incident' }).click();
  await expect(page).toHaveURL(/\/students\/[0-9a-f-]{36}\/incidents/);
  // The saved form's draft leaves the device after the save; the next new form must open empty.
  await expect.poll(() => draftsOnDevice(page)).toEqual([]);
}

/** The row labels of the report's table (the total row left out). */
async function tutorGroups(page: Page): Promise<string[]> {
  const table = page.getByRole('table', { name: 'Incidents by tutor group' });
  await expect(table).toBeVisible();
  const labels = await table.locator('tbody tr th').allInnerTexts();
  return labels.map((l) => l.trim());
}

async function screenshots(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.screenshot({ path: testInfo.outputPath(`${name}-360.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: testInfo.outputPath(`${name}-1280.png`), fullPage: true });
  await page.setViewportSize({ width: 360, height: 780 });
}

test('the DSL builds Behaviour incidents by tutor group this term, saves and publishes it', async ({
  browser,
}, testInfo) => {
  dsl = await signInWithKey(browser, 'dsl@demo.haven.test', DEMO_DSL_SECRET);
  // One incident in Year 7 and one in Year 8 today, so this term has both whatever the demo holds.
  await addBehaviourIncident(dsl, 'zoe ob', /Zoë O'Brien/, 'Swore at a lunchtime supervisor.');
  await addBehaviourIncident(dsl, 'seun', /Seun Adeyemi/, 'Pushed in the lunch queue and started a scuffle.');

  await (await headerMenu(dsl)).getByRole('link', { name: 'Reporting' }).click();
  await dsl.getByRole('link', { name: /Custom report/ }).click();
  await dsl.getByLabel('Date range').selectOption({ label: 'This term' });
  await dsl.getByRole('checkbox', { name: 'Behaviour', exact: true }).check();
  await dsl.getByLabel('Rows: group by').selectOption({ label: 'Tutor group' });
  await dsl.getByRole('button', { name: 'Generate report' }).click();
  const groups = await tutorGroups(dsl);
  expect(groups).toEqual(expect.arrayContaining(['7A', '8B']));

  // Without a title nothing is saved, and the message is next to the field.
  const save = dsl.getByRole('region', { name: 'Save this report' });
  await save.getByLabel('Keep it for').selectOption({ label: '6 months' });
  await save.getByRole('button', { name: 'Save report' }).click();
  await expect(save.getByText('Enter a title for the report.')).toBeVisible();
  await expect(save.getByLabel('Report title')).toHaveAttribute('aria-invalid', 'true');
  await expect(save.getByLabel('Keep it for')).toHaveValue('6-months');
  await save.getByLabel('Report title').fill(TITLE);
  await save.getByRole('button', { name: 'Save report' }).click();

  await expect(dsl.getByRole('heading', { name: 'Saved reports', level: 1 })).toBeVisible();
  await expect(dsl.getByText('The report is saved.')).toBeVisible();
  const card = dsl.getByRole('listitem').filter({ has: dsl.getByRole('heading', { name: TITLE }) });
  await expect(card).toHaveCount(1);
  await expect(card.getByText('David Okafor (you)')).toBeVisible();
  await expect(card.getByText('Summary table')).toBeVisible();
  await card.getByRole('button', { name: `Publicise ${TITLE}` }).click();
  await expect(dsl.getByText(/The report is published/)).toBeVisible();
  await expect(card.getByText('Published', { exact: true })).toBeVisible();
  await expect(card.getByRole('button', { name: `Unpublicise ${TITLE}` })).toBeVisible();
  await expectAccessible(dsl);
  await screenshots(dsl, testInfo, 'saved-reports');
});

test('the head of Year 8 regenerates the published report and sees only Year 8', async ({ browser }, testInfo) => {
  const head = await signInWithKey(browser, YEAR8_HEAD.email, YEAR8_HEAD.totpSecret);
  await (await headerMenu(head)).getByRole('link', { name: 'Reporting' }).click();
  await head.getByRole('link', { name: /Saved reports/ }).click();
  const card = head.getByRole('listitem').filter({ has: head.getByRole('heading', { name: TITLE }) });
  await expect(card.getByText('David Okafor', { exact: true })).toBeVisible();
  // Someone else's report: it may be run, not changed.
  await expect(card.getByRole('button', { name: /Publicise|Unpublicise|Change expiry/ })).toHaveCount(0);
  await expect(card.getByRole('link', { name: /Delete/ })).toHaveCount(0);
  await expectAccessible(head);
  await screenshots(head, testInfo, 'saved-reports-head-of-year');

  await card.getByRole('link', { name: `Regenerate ${TITLE}` }).click();
  await expect(head.getByRole('heading', { name: TITLE, level: 1 })).toBeVisible();
  await expect(head.getByText('Saved by David Okafor')).toBeVisible();
  const groups = await tutorGroups(head);
  expect(groups).toContain('8B');
  expect(
    groups.every((g) => g.startsWith('8')),
    `only Year 8's tutor groups: ${groups.join(', ')}`,
  ).toBe(true);
  await expectAccessible(head);
  await screenshots(head, testInfo, 'saved-report-regenerated-year8');

  // Its downloads hold the same rows: Year 8's only.
  const [excel] = await Promise.all([
    head.waitForEvent('download'),
    head.getByRole('link', { name: 'Download Excel' }).click(),
  ]);
  expect(excel.suggestedFilename()).toMatch(/^incident-report-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(fs.readFileSync((await excel.path())!) as unknown as ExcelJS.Buffer);
  const cells: string[] = [];
  book.worksheets[0]!.eachRow((row) => cells.push(String((row.values as unknown[])[1] ?? '')));
  const head1 = cells.indexOf('Tutor group');
  expect(cells.slice(head1 + 1, -1)).toEqual(groups);
  await head.getByLabel('PDF password').fill(PDF_PASSWORD);
  const [pdf] = await Promise.all([
    head.waitForEvent('download'),
    head.getByRole('button', { name: 'Download PDF' }).click(),
  ]);
  const pdfBytes = fs.readFileSync((await pdf.path())!);
  expect(qpdfFacts(pdfBytes, PDF_PASSWORD).requiresPassword).toBe(true);
  const pdfWords = pdfText(pdfBytes, { password: PDF_PASSWORD });
  expect(pdfWords).toContain(TITLE);
  expect(pdfWords).toContain('8B');
  expect(pdfWords).not.toMatch(/\b7[A-Z]\b/);

  // Open in custom report: the form filled in with the saved filters, ready to change.
  await head.getByRole('link', { name: 'Open in custom report' }).click();
  await expect(head.getByRole('heading', { name: 'Custom report', level: 1 })).toBeVisible();
  await expect(head.getByLabel('Date range')).toHaveValue('this-term');
  await expect(head.getByLabel('Rows: group by')).toHaveValue('tutor-group');
  await expect(head.getByRole('checkbox', { name: 'Behaviour', exact: true })).toBeChecked();
  expect(await tutorGroups(head)).toEqual(groups);
  await head.goBack();

  // Its delete page is refused, and the report stays.
  await head.goto(head.url().replace(/\/?$/, '/delete'));
  await expect(head.getByText('Only the person who saved this report may change or delete it.')).toBeVisible();
  await head.context().close();
});

test('the DSL deletes the report after a confirmation', async () => {
  await dsl.goto(server.schoolUrl('demo', '/reporting/saved'));
  const card = dsl.getByRole('listitem').filter({ has: dsl.getByRole('heading', { name: TITLE }) });
  await card.getByRole('link', { name: `Delete ${TITLE}` }).click();
  await expect(dsl.getByRole('heading', { name: `Delete “${TITLE}”?` })).toBeVisible();
  await expect(dsl.getByText(/everyone it is published to/)).toBeVisible();
  await dsl.getByRole('button', { name: 'Delete report' }).click();
  await expect(dsl.getByText('The report is deleted.')).toBeVisible();
  await expect(dsl.getByRole('heading', { name: TITLE })).toHaveCount(0);
  await dsl.context().close();
});

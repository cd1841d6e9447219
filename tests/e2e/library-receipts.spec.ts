/**
 * The library's read receipts, as the issue's "Done when" has them: the DSL
 * (an administrator, with their key) makes an "All staff" alert group,
 * uploads the safeguarding policy and alerts that group with "require
 * action"; a teacher without a key finds it on their dashboard, opens it and
 * marks it read and understood; the DSL's "Read by" log shows the teacher's
 * view and read times and downloads as a PNG picture and as CSV.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { elevateWithKey, signInOn } from './support/sign-in';
import { schoolUrl } from './support/urls';

const ONE_PAGE_PDF = Buffer.from(
  [
    '%PDF-1.4',
    '1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj',
    '2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj',
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 144]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj',
    '4 0 obj<</Length 44>>stream',
    'BT /F1 24 Tf 50 80 Td (Policy 2026) Tj ET',
    'endstream endobj',
    '5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj',
    'trailer<</Root 1 0 R>>',
    '%%EOF',
  ].join('\n'),
);

const NAME = 'Whole-school safeguarding policy.pdf';
const TIME = /\d{1,2} \w{3} \d{4}, \d{2}:\d{2}/;

test.describe.configure({ mode: 'serial' });

let dsl: Page;
let fileId = '';

async function phone(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 360, height: 780 } });
  return context.newPage();
}

test.beforeAll(async ({ browser }) => {
  dsl = await phone(browser);
  await signInOn(dsl, 'dsl@demo.haven.test');
  await elevateWithKey(dsl);
});

test.afterAll(async () => {
  await dsl.context().close();
});

test('the DSL uploads the safeguarding policy and alerts the "All staff" alert group', async ({}, testInfo) => {
  test.setTimeout(120_000);
  await dsl.goto(schoolUrl('demo', '/admin/alert-groups/new'));
  await dsl.getByRole('textbox', { name: 'Name', exact: true }).fill('All staff');
  await dsl.getByRole('button', { name: /Add all shown/ }).click();
  await dsl.getByRole('button', { name: 'Create alert group' }).click();
  await expect(dsl.getByText('All staff').first()).toBeVisible();

  await dsl.goto(schoolUrl('demo', '/library'));
  await dsl
    .getByLabel('Files to add')
    .setInputFiles([{ name: NAME, mimeType: 'application/pdf', buffer: ONE_PAGE_PDF }]);
  await expect(dsl.getByRole('list', { name: 'Uploads' }).getByText('Uploaded')).toHaveCount(1);
  const offer = dsl.getByRole('region', { name: `Alert users to “${NAME}”` });
  await expect(offer).toBeVisible();
  await offer.getByRole('button', { name: /^All staff/ }).click();
  await expect(offer.getByLabel(/Require action/)).toBeChecked();
  await offer.getByRole('button', { name: 'Send alert' }).click();
  await expect(offer.getByText(/\d+ (people|person) alerted\./)).toBeVisible();

  const link = dsl.getByRole('list', { name: 'Library files, newest first' }).getByRole('link', { name: NAME });
  fileId = (await link.getAttribute('href'))!.split('/').pop()!;
  await expect(dsl).toHaveTitle(/Library/);
  await expectAccessible(dsl);
  await dsl.screenshot({ path: testInfo.outputPath('library-alerted-360.png'), fullPage: true });
});

test('a teacher opens the policy from their dashboard and marks it read and understood', async ({
  browser,
}, testInfo) => {
  const teacher = await phone(browser);
  await signInOn(teacher, 'teacher@demo.haven.test');
  const alerts = teacher.getByRole('list', { name: 'Your alerts' });
  const row = alerts.getByRole('listitem').filter({ hasText: NAME });
  await expect(row).toContainText('please read and mark as understood');
  await expect(row).toContainText('David Okafor');
  await expectAccessible(teacher);
  await teacher.screenshot({ path: testInfo.outputPath('library-dashboard-alert-360.png'), fullPage: true });

  const opened = await teacher.goto(schoolUrl('demo', `/library/${fileId}`));
  expect(opened!.status()).toBe(200);
  expect(opened!.headers()['content-type']).toBe('application/pdf');

  // Opening it is not enough when action was asked for: the alert waits for the click.
  await teacher.goto(schoolUrl('demo', '/'));
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: 'Mark as read and understood' }).click();
  await expect(alerts.getByRole('listitem').filter({ hasText: NAME })).toHaveCount(0);

  await teacher.goto(schoolUrl('demo', '/library'));
  await expect(teacher.getByText(/You marked this read and understood/)).toBeVisible();
  await expect(teacher.getByRole('link', { name: 'Read by' })).toHaveCount(0);
  const refused = await teacher.goto(schoolUrl('demo', `/library/${fileId}/read-by/csv`));
  expect(refused!.status()).toBe(403);
  await teacher.context().close();
});

test('the "Read by" log shows the teacher’s view and read times, and downloads as PNG and CSV', async ({}, testInfo) => {
  await dsl.goto(schoolUrl('demo', '/library'));
  const item = dsl
    .getByRole('list', { name: 'Library files, newest first' })
    .getByRole('listitem')
    .filter({
      has: dsl.getByRole('link', { name: NAME }),
    });
  await item.getByRole('link', { name: 'Read by' }).click();
  await expect(dsl.getByRole('heading', { level: 1, name: `Read by: ${NAME}` })).toBeVisible();
  const entry = dsl
    .getByRole('list', { name: 'Who was alerted' })
    .getByRole('listitem')
    .filter({ hasText: 'Tom Hughes' });
  await expect(entry).toContainText('by David Okafor');
  await expect(entry.locator('dt:text-is("Last viewed") + dd')).toHaveText(TIME);
  await expect(entry.locator('dt:text-is("Understood") + dd')).toHaveText(TIME);
  await expect(dsl).toHaveTitle(/Read by/);
  await expectAccessible(dsl);
  await dsl.screenshot({ path: testInfo.outputPath('library-read-by-360.png'), fullPage: true });

  const [png] = await Promise.all([
    dsl.waitForEvent('download'),
    dsl.getByRole('link', { name: 'Download as image (PNG)' }).click(),
  ]);
  expect(png.suggestedFilename()).toBe('read-by-Whole-school-safeguarding-policy.png');
  const image = await readFile((await png.path())!);
  expect(image.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  await testInfo.attach('read-by.png', { body: image, contentType: 'image/png' });

  const [csv] = await Promise.all([
    dsl.waitForEvent('download'),
    dsl.getByRole('link', { name: 'Download as CSV' }).click(),
  ]);
  const lines = (await readFile((await csv.path())!, 'utf8')).trim().split('\n');
  expect(lines[0]).toBe('Person,Alerted by,Alerted at,Last viewed,Read and understood');
  const tom = lines.find((l) => l.startsWith('Tom Hughes,'))!;
  expect(tom).toMatch(
    /^Tom Hughes,David Okafor,"[^"]+","\d{1,2} \w{3} \d{4}, \d{2}:\d{2}","\d{1,2} \w{3} \d{4}, \d{2}:\d{2}"$/,
  );

  await dsl.setViewportSize({ width: 1280, height: 900 });
  const table = dsl.getByRole('table');
  await expect(table.getByRole('row').filter({ hasText: 'Tom Hughes' })).toContainText('David Okafor');
  await dsl.screenshot({ path: testInfo.outputPath('library-read-by-1280.png'), fullPage: true });
  await dsl.goto(schoolUrl('demo', '/library'));
  await dsl.screenshot({ path: testInfo.outputPath('library-1280.png'), fullPage: true });
  await dsl.setViewportSize({ width: 360, height: 780 });
});

test('"Alert users…" on a file opens the one alert form with that file ticked; no file ticked is refused beside the files', async () => {
  await dsl.goto(schoolUrl('demo', '/library'));
  const item = dsl
    .getByRole('list', { name: 'Library files, newest first' })
    .getByRole('listitem')
    .filter({ has: dsl.getByRole('link', { name: NAME }) });
  await item.getByText('Options').click();
  await item.getByRole('link', { name: 'Alert users…' }).click();
  await expect(dsl).toHaveURL(new RegExp(`alert=${fileId}`));
  const card = dsl.getByRole('region', { name: 'Alert users to files' });
  const files = card.getByRole('group', { name: 'Files' });
  await expect(files.getByRole('checkbox', { name: NAME })).toBeChecked();
  // The page draws one picker, however many files there are.
  await expect(dsl.getByPlaceholder('Find someone to alert')).toHaveCount(1);

  await card.getByRole('button', { name: /^All staff/ }).click();
  await files.getByRole('checkbox', { name: NAME }).uncheck();
  await card.getByRole('button', { name: 'Send alert' }).click();
  await expect(files.getByText('Choose a file to alert people about.')).toBeVisible();
  await expect(card.getByRole('button', { name: /^✓ All staff/ })).toHaveAttribute('aria-pressed', 'true');

  await files.getByRole('checkbox', { name: NAME }).check();
  await card.getByRole('button', { name: 'Send alert' }).click();
  await expect(
    card.getByText('Everyone chosen had already been alerted to this file; nobody was alerted again.'),
  ).toBeVisible();
  await expectAccessible(dsl);
});

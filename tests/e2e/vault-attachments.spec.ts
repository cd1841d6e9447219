/**
 * Attachments end to end: the DSL, with their key, attaches a PDF and a photo
 * to a Child Protection incident about Zofia Kowalczyk, links her brother
 * Łukasz and shares the documents with him; both pupils' Document vaults list
 * the files as "Incident #N", and all of Zofia's download as one zip that
 * passes `unzip -t`. The DSL then gives the Pastoral group the Files
 * permission; the 7A form tutor (Pastoral, who may not read Child Protection
 * incidents) opens Zofia's vault and sees neither file, and the file's
 * download address and a zip of it are refused. The permission is put back.
 * Alerting a colleague to the incident's file offers only staff who may read
 * the incident, and the alert on their dashboard leads to it.
 */
import { execFileSync } from 'node:child_process';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../../db/seed/demo-users';
import { png } from '../support/images';
import { expectAccessible } from './support/a11y';
import { sharedPhonePage } from './support/shared-page';
import { DEMO_DSL_SECRET, pickPupil, signInOn } from './support/sign-in';
import { freshTotp } from './support/totp';
import { schoolUrl } from './support/urls';

const TUTOR_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const PDF = Buffer.from('%PDF-1.4\n% Strategy meeting minutes\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PDF_NAME = 'Strategy meeting minutes.pdf';
const PNG_NAME = 'Photo of the bruise.png';

test.describe.configure({ mode: 'serial' });

/** The DSL, signed in and using their key once for the whole spec. */
const dsl = sharedPhonePage('dsl@demo.haven.test', DEMO_DSL_SECRET);
test.afterAll(() => dsl.close());

async function vaultOf(page: Page, query: string, name: RegExp): Promise<string> {
  await page.goto(schoolUrl('demo', '/'));
  await pickPupil(page, 'Quick Student Search', query, name);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await page.getByRole('navigation', { name: 'Pupil record' }).getByRole('link', { name: 'Document vault' }).click();
  await expect(page.getByRole('heading', { name: 'Documents' })).toBeVisible();
  return page.url();
}

async function setPastoralFiles(page: Page, on: boolean): Promise<void> {
  await page.goto(schoolUrl('demo', '/admin/groups'));
  await page.getByRole('link', { name: 'Pastoral' }).click();
  const box = page.getByRole('checkbox', { name: 'Files (document vault)' });
  await box.setChecked(on);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Saved. Members have the new permissions from their next click.')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('checkbox', { name: 'Files (document vault)' })).toBeChecked({ checked: on });
}

async function tutorWithKey(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(schoolUrl('demo', '/login'));
  await page.getByLabel('Email address').fill('tutor7a@demo.haven.test');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(schoolUrl('demo', '/elevate'));
  await page.getByLabel('Code from your authenticator app').fill(await freshTotp(TUTOR_SECRET));
  await page.getByRole('button', { name: 'Use key' }).click();
  await expect(page.getByRole('banner').getByText('Using your key')).toBeVisible();
  return page;
}

let zofiaVault = '';
let recordPdfHref = '';
let pdfHref = '';

test('a DSL attaches a PDF and a photo to an incident and shares them with the linked sibling', async ({
  browser,
}, testInfo) => {
  test.setTimeout(240_000);
  const page = await dsl.get(browser);
  await page.goto(schoolUrl('demo', '/incidents/new'));
  await pickPupil(page, 'Pupil', 'zofia kow', /Zofia Kowalczyk/);
  await page.getByLabel('What happened').fill('Zofia showed a bruise and said her brother saw it happen.');
  await page.getByRole('checkbox', { name: 'Child Protection', exact: true }).check();
  await pickPupil(page, 'Link a pupil', 'kowalczyk', /Łukasz Kowalczyk/);
  await page.getByLabel('Files to attach').setInputFiles([
    { name: PDF_NAME, mimeType: 'application/pdf', buffer: PDF },
    { name: PNG_NAME, mimeType: 'image/png', buffer: Buffer.from(png(40, 30)) },
  ]);
  const attached = page.getByRole('list', { name: 'Attached files' });
  await expect(attached.getByText(/^Ready/)).toHaveCount(2);
  // A file whose content is not what its name says is refused with its name, and not attached.
  await page
    .getByLabel('Files to attach')
    .setInputFiles([{ name: 'not really.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html>x</html>') }]);
  await expect(attached.getByRole('alert')).toContainText('“not really.pdf” is not a PDF');
  await page.getByRole('checkbox', { name: 'Share documents with linked pupils' }).check();
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath('attachments-add-360.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: testInfo.outputPath('attachments-add-1280.png'), fullPage: true });
  await page.getByRole('button', { name: 'Save incident' }).click();
  await expect(page).toHaveURL(/\/students\/[^/]+\/incidents/);

  // The incident lists its files; each opens through the incident's own route, with the documents' strict policy.
  const files = page.getByRole('list', { name: /^Files of incident #\d+$/ }).first();
  await expect(files.getByRole('link', { name: new RegExp(PDF_NAME) })).toBeVisible();
  await expect(files.getByRole('link', { name: new RegExp(PNG_NAME) })).toBeVisible();
  recordPdfHref = (await files.getByRole('link', { name: new RegExp(PDF_NAME) }).getAttribute('href')) ?? '';
  expect(recordPdfHref).toMatch(/^\/incidents\/[^/]+\/files\/[^/]+$/);
  const opened = await page.evaluate(async (href) => {
    const r = await fetch(href);
    return [r.status, r.headers.get('content-security-policy'), (await r.text()).slice(0, 5)];
  }, recordPdfHref);
  expect(opened).toEqual([200, "default-src 'none'; sandbox", '%PDF-']);
  await files.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('attachments-incident-card-1280.png') });

  zofiaVault = await vaultOf(page, 'zofia kow', /Zofia Kowalczyk/);
  const list = page.getByRole('list', { name: 'Documents, newest first' });
  await expect(list.getByRole('link', { name: PDF_NAME })).toBeVisible();
  await expect(list.getByRole('link', { name: PNG_NAME })).toBeVisible();
  await expect(list.getByRole('link', { name: /^Incident #\d+$/ }).first()).toBeAttached();
  pdfHref = (await list.getByRole('link', { name: PDF_NAME }).getAttribute('href')) ?? '';
  expect(pdfHref).toContain('/documents/');
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath('attachments-vault-1280.png'), fullPage: true });

  // All of Zofia's files as one zip.
  await page.getByRole('checkbox', { name: 'Select all documents' }).check();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download selected (.zip)' }).click(),
  ]);
  const zipPath = testInfo.outputPath('zofia.zip');
  await download.saveAs(zipPath);
  expect(execFileSync('unzip', ['-t', zipPath], { encoding: 'utf8' })).toContain('No errors detected');
  const entries = execFileSync('unzip', ['-Z1', zipPath], { encoding: 'utf8' }).split('\n');
  expect(entries).toEqual(expect.arrayContaining([PDF_NAME, PNG_NAME]));

  // The linked brother's vault lists the same files, from his copy of the incident.
  await vaultOf(page, 'lukasz kow', /Łukasz Kowalczyk/);
  const his = page.getByRole('list', { name: 'Documents, newest first' });
  await expect(his.getByRole('link', { name: PDF_NAME })).toBeVisible();
  await expect(his.getByRole('link', { name: PNG_NAME })).toBeVisible();
  await expect(his.getByRole('link', { name: /^Incident #\d+$/ }).first()).toBeAttached();
});

test('alerting a colleague to an incident’s file offers only those who may read the incident; the alert leads to it', async ({
  browser,
}) => {
  const page = await dsl.get(browser);
  await page.goto(zofiaVault);
  const row = page
    .getByRole('list', { name: 'Documents, newest first' })
    .getByRole('listitem')
    .filter({ has: page.getByRole('link', { name: PDF_NAME, exact: true }) });
  const incidentHref =
    (await row
      .getByRole('link', { name: /^Incident #\d+$/ })
      .first()
      .getAttribute('href')) ?? '';
  await row.getByText('Alert users…').click();
  await expect(row.getByText('Only staff who may see the incident this file belongs to are listed.')).toBeVisible();
  const find = row.getByPlaceholder('Find someone to alert');
  // The head of year may not read Child Protection incidents, so is not offered.
  await find.fill('Ben');
  await expect(row.getByRole('button', { name: /Ben Price/ })).toHaveCount(0);
  await find.fill('Priya');
  await row.getByRole('button', { name: /Priya Raman/ }).click();
  await row.getByRole('button', { name: 'Send alert' }).click();
  await expect(row.getByText('1 person alerted.')).toBeVisible();

  const context = await browser.newContext();
  const priya = await context.newPage();
  await signInOn(priya, 'trust.safeguarding@haven.test');
  await priya.getByRole('link', { name: 'Continue without key' }).click();
  const alerts = priya.getByRole('list', { name: 'Your alerts' });
  await expect(alerts.getByRole('link', { name: 'Open the incident' }).first()).toHaveAttribute('href', incidentHref);
  await expect(alerts).not.toContainText(PDF_NAME);
  await context.close();
});

test('the edit form lists the files; a user who may not read the category sees none of them', async ({
  browser,
}, testInfo) => {
  test.setTimeout(240_000);
  const page = await dsl.get(browser);
  await page.goto(zofiaVault);
  const link = page.getByRole('list', { name: 'Documents, newest first' }).getByRole('link', { name: /^Incident #/ });
  await page.goto(schoolUrl('demo', `${(await link.first().getAttribute('href')) ?? ''}/edit`));
  await expect(page.getByRole('heading', { name: 'Edit incident' })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: `Remove ${PDF_NAME}` })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath('attachments-edit-1280.png'), fullPage: true });
  await page.setViewportSize({ width: 360, height: 780 });
  await page.screenshot({ path: testInfo.outputPath('attachments-edit-360.png'), fullPage: true });

  await setPastoralFiles(page, true);
  try {
    const tutor = await tutorWithKey(browser);
    await tutor.goto(zofiaVault);
    await expect(tutor.getByRole('heading', { name: 'Documents' })).toBeVisible();
    await expect(tutor.getByText(PDF_NAME)).toHaveCount(0);
    await expect(tutor.getByText(PNG_NAME)).toHaveCount(0);
    const id = pdfHref.split('/').pop()!;
    const refused = await tutor.evaluate(
      async ({ href, zip, record }) => {
        const one = await fetch(href);
        const all = await fetch(zip);
        const viaRecord = await fetch(record);
        return [one.status, all.status, viaRecord.status, (await one.text()).includes('%PDF')];
      },
      { href: pdfHref, zip: `${new URL(zofiaVault).pathname}/zip?id=${id}`, record: recordPdfHref },
    );
    expect(refused).toEqual([404, 404, 404, false]);
    await tutor.context().close();
  } finally {
    await setPastoralFiles(page, false);
  }
});

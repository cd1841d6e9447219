/**
 * The school's library: the DSL, with their key, uploads the safeguarding
 * policy (the page warns that pupils' documents belong in their record); a
 * teacher, without a key, finds the Library in the header and opens the
 * policy in the browser under the strict document headers, but has no upload
 * and is refused one sent by hand; another school's DSL is told the file is
 * not there.
 */
import { expect, test } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { elevateWithKey, signInOn } from './support/sign-in';
import { freshTotp } from './support/totp';
import { DEMO_PASSWORD, DEMO_USERS } from '../../db/seed/demo-users';
import { schoolUrl } from './support/urls';
import { headerMenu } from './support/header';

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

test.describe.configure({ mode: 'serial' });

let fileUrl = '';
const NAME = 'Safeguarding policy 2026.pdf';

test('the DSL uploads the safeguarding policy to the library', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await signInOn(page, 'dsl@demo.haven.test');
  await elevateWithKey(page);
  await (await headerMenu(page)).getByRole('link', { name: 'Library' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Library' })).toBeVisible();
  await expect(page.getByText(/Sensitive documents about a pupil belong in that pupil’s record/)).toBeVisible();

  await page
    .getByLabel('Files to add')
    .setInputFiles([{ name: NAME, mimeType: 'application/pdf', buffer: ONE_PAGE_PDF }]);
  await expect(page.getByRole('list', { name: 'Uploads' }).getByText('Uploaded')).toHaveCount(1);
  const list = page.getByRole('list', { name: 'Library files, newest first' });
  const link = list.getByRole('link', { name: NAME, exact: true });
  await expect(link).toBeVisible();
  await expect(list.getByText('David Okafor').filter({ visible: true }).first()).toBeVisible();
  fileUrl = new URL((await link.getAttribute('href'))!, page.url()).toString();

  // A file whose content is not its type is refused by name and not listed.
  await page
    .getByLabel('Files to add')
    .setInputFiles([{ name: 'not really.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html>x</html>') }]);
  await expect(page.getByRole('list', { name: 'Uploads' }).getByRole('alert')).toContainText('“not really.pdf”');
  await expect(list.getByRole('link', { name: 'not really.pdf' })).toHaveCount(0);

  // The list is drawn again after each upload; the page's title is written back when that refresh ends.
  await expect(page).toHaveTitle(/Library/);
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath('library-360.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: testInfo.outputPath('library-1280.png'), fullPage: true });
});

test('a teacher without a key opens the policy, but may not add to the library', async ({ page }, testInfo) => {
  await signInOn(page, 'teacher@demo.haven.test');
  await expect(page.getByRole('banner').getByText('Without key')).toBeVisible();
  await (await headerMenu(page)).getByRole('link', { name: 'Library' }).click();
  const list = page.getByRole('list', { name: 'Library files, newest first' });
  await expect(list.getByRole('link', { name: NAME, exact: true })).toBeVisible();
  await expect(page.getByLabel('Files to add')).toHaveCount(0);
  await expect(page.getByText('Delete…')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('library-teacher-360.png'), fullPage: true });

  const refused = await page.evaluate(async (pdf) => {
    const res = await fetch('/library/upload', {
      method: 'POST',
      body: pdf,
      headers: { accept: 'application/json', 'content-type': 'application/octet-stream', 'x-file-name': 'x.pdf' },
    });
    return { status: res.status, text: await res.text() };
  }, ONE_PAGE_PDF.toString('latin1'));
  expect(refused.status).toBe(403);
  expect(refused.text).toContain('You do not have permission to add to or change the library.');

  const opened = await page.goto(fileUrl);
  expect(opened!.status()).toBe(200);
  expect(await opened!.allHeaders()).toMatchObject({
    'content-type': 'application/pdf',
    'content-security-policy': "default-src 'none'; sandbox",
    'x-content-type-options': 'nosniff',
    'cache-control': 'private, no-store',
  });
  expect((await opened!.allHeaders())['content-disposition']).toMatch(/^inline;/);
});

test("another school's DSL is told the file is not there", async ({ page }) => {
  const northfield = DEMO_USERS.find((u) => u.email === 'dsl@northfield.haven.test')!;
  await page.goto(schoolUrl('northfield', '/login'));
  await page.getByLabel('Email address').fill(northfield.email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Code from your authenticator app').fill(await freshTotp(northfield.totpSecret!));
  await page.getByRole('button', { name: 'Use key' }).click();
  await expect(page.getByRole('banner').getByText('Using your key')).toBeVisible();
  const id = new URL(fileUrl).pathname.split('/').pop()!;
  const res = await page.goto(schoolUrl('northfield', `/library/${id}`));
  expect(res!.status()).toBe(404);
  await page.goto(schoolUrl('northfield', '/library'));
  await expect(page.getByRole('heading', { level: 1, name: 'Library' })).toBeVisible();
  await expect(page.getByRole('link', { name: NAME })).toHaveCount(0);
});

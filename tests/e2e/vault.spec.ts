/**
 * A pupil's Document vault, on a phone and at a desk: the DSL, with their key,
 * uploads a PDF and a photo to Zofia Kowalczyk's vault, sees them listed with
 * their details, downloads both as one zip (checked with `unzip -t`), deletes
 * the photo with a reason, finds it under "Deleted files" and restores it.
 * A teacher opening the vault's address is told it is not there.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { png } from '../support/images';
import { expectAccessible } from './support/a11y';
import { rawRequest } from './support/http';
import { sharedPhonePage } from './support/shared-page';
import { DEMO_DSL_SECRET, elevateWithKey, signInOn } from './support/sign-in';
import { schoolUrl } from './support/urls';

const ZOFIA = 'Zofia Kowalczyk';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const ONE_PAGE_PDF = [
  '%PDF-1.4',
  '1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj',
  '2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj',
  '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 144]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj',
  '4 0 obj<</Length 44>>stream',
  'BT /F1 24 Tf 50 80 Td (Hello PDF) Tj ET',
  'endstream endobj',
  '5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj',
  'trailer<</Root 1 0 R>>',
  '%%EOF',
].join('\n');

test.describe.configure({ mode: 'serial' });

/**
 * The vault's page is checked on both screens (the first test); what follows
 * is about headers, routes and alerts, the same on any screen, so it runs on
 * the phone project only (playwright.config.ts: the desktop project leaves out
 * tests tagged @any-screen).
 */
const ANY_SCREEN = { tag: '@any-screen' };

/** The DSL, signed in and using their key once for the tests after the first. */
const dsl = sharedPhonePage('dsl@demo.haven.test', DEMO_DSL_SECRET);
test.afterAll(() => dsl.close());

async function openZofia(page: Page): Promise<void> {
  await page.goto(schoolUrl('demo', '/'));
  const search = page.getByRole('combobox', { name: 'Quick Student Search' });
  // The demo's pupils arrive through the import job shortly after the server starts.
  await expect(async () => {
    await search.fill('');
    await search.fill('zofia kow');
    await expect(page.getByRole('listbox', { name: 'Matching pupils' }).getByRole('option').first()).toBeVisible({
      timeout: 3_000,
    });
  }).toPass({ timeout: 90_000 });
  await page.getByRole('listbox', { name: 'Matching pupils' }).getByRole('option').filter({ hasText: ZOFIA }).click();
  await expect(page.getByRole('heading', { level: 1, name: ZOFIA })).toBeVisible();
}

let vaultUrl = '';

test('a DSL uploads, lists, zips, deletes and restores documents in a pupil’s vault', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const width = testInfo.project.name === 'desktop' ? 1280 : 360;
  await page.setViewportSize({ width, height: width < 600 ? 780 : 900 });
  await signInOn(page, 'dsl@demo.haven.test');
  await elevateWithKey(page);
  await openZofia(page);
  await page.getByRole('navigation', { name: 'Pupil record' }).getByRole('link', { name: 'Document vault' }).click();
  await expect(
    page.getByText(/can be seen by every member of staff whose group has the “Files” permission/),
  ).toBeVisible();
  vaultUrl = page.url();

  const suffix = testInfo.project.name;
  const pdfName = `Social care letter ${suffix}.pdf`;
  const pngName = `Bruise photo ${suffix}.png`;
  await page.getByLabel('Files to add').setInputFiles([
    { name: pdfName, mimeType: 'application/pdf', buffer: PDF },
    { name: pngName, mimeType: 'image/png', buffer: Buffer.from(png(40, 30)) },
  ]);
  const uploads = page.getByRole('list', { name: 'Uploads' });
  await expect(uploads.getByText('Uploaded')).toHaveCount(2);

  const list = page.getByRole('list', { name: 'Documents, newest first' });
  await expect(list.getByRole('link', { name: pdfName })).toBeVisible();
  await expect(list.getByRole('link', { name: pngName })).toBeVisible();
  await expect(list.getByText(/PDF/).filter({ visible: true }).first()).toBeVisible();

  // A disguised file is refused with its name, and nothing is added.
  await page
    .getByLabel('Files to add')
    .setInputFiles([
      { name: 'not really.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html>hello</html>') },
    ]);
  await expect(uploads.getByRole('alert')).toContainText('“not really.pdf” is not a PDF');
  await expect(list.getByRole('link', { name: 'not really.pdf' })).toHaveCount(0);

  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath(`vault-${width}.png`), fullPage: true });

  await page.getByRole('checkbox', { name: 'Select all documents' }).check();
  await expect(page.getByRole('checkbox', { name: `Select ${pdfName}` })).toBeChecked();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download selected (.zip)' }).click(),
  ]);
  const zipPath = testInfo.outputPath('documents.zip');
  await download.saveAs(zipPath);
  const tested = execFileSync('unzip', ['-t', zipPath], { encoding: 'utf8' });
  expect(tested).toContain('No errors detected');
  const listing = execFileSync('unzip', ['-Z1', zipPath], { encoding: 'utf8' }).split('\n');
  expect(listing).toEqual(expect.arrayContaining([pdfName, pngName]));
  expect(fs.readFileSync(zipPath).length).toBeGreaterThan(PDF.length);

  // Delete the photo with a reason: a reason is required, and what was typed is kept.
  const row = list.getByRole('listitem').filter({ hasText: pngName });
  await row.getByText('Delete…').click();
  await row.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(row.getByText('Say why this document is being deleted.')).toBeVisible();
  await row.getByLabel(`Why delete “${pngName}”?`).fill('Uploaded to the wrong pupil');
  await row.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(list.getByRole('link', { name: pngName })).toHaveCount(0);
  const deleted = page.getByRole('list', { name: 'Deleted files' });
  await expect(deleted.getByText(/Uploaded to the wrong pupil/)).toBeVisible();
  await deleted.getByRole('button', { name: `Restore “${pngName}”` }).click();
  await expect(list.getByRole('link', { name: pngName })).toBeVisible();
  await expect(deleted.getByRole('button', { name: `Restore “${pngName}”` })).toHaveCount(0);
});

test(
  'documents open in the browser under their own strict headers, not the pages’ policy',
  ANY_SCREEN,
  async ({ browser }, testInfo) => {
    const page = await dsl.get(browser);
    await page.goto(vaultUrl);
    const suffix = testInfo.project.name;
    const hrefOf = async (name: string) =>
      new URL((await page.getByRole('link', { name, exact: true }).getAttribute('href'))!, vaultUrl).toString();
    const pdfUrl = await hrefOf(`Social care letter ${suffix}.pdf`);
    const pngUrl = await hrefOf(`Bruise photo ${suffix}.png`);
    const strict = {
      'content-security-policy': "default-src 'none'; sandbox",
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    };

    // A real one-page PDF opens in Chromium's own viewer under the sandbox policy, without the viewer's error.
    const uploaded = await page.evaluate(
      async ({ url, name, text }) => {
        const res = await fetch(url, {
          method: 'POST',
          body: text,
          headers: {
            accept: 'application/json',
            'content-type': 'application/octet-stream',
            'x-file-name': encodeURIComponent(name),
          },
        });
        return (await res.json()) as { documentIds?: string[] };
      },
      { url: `${vaultUrl}/upload`, name: `One page ${suffix}.pdf`, text: ONE_PAGE_PDF },
    );
    const pdf = await page.goto(`${vaultUrl}/${uploaded.documentIds![0]}`);
    expect(pdf!.status()).toBe(200);
    expect(await pdf!.allHeaders()).toMatchObject({ ...strict, 'content-type': 'application/pdf' });
    expect((await pdf!.allHeaders())['content-disposition']).toMatch(/^inline;/);
    const viewer = () => page.frames().find((f) => f.url().startsWith('chrome-extension://'));
    const viewerState = () =>
      viewer()?.evaluate(() => {
        const root = document.querySelector('pdf-viewer')?.shadowRoot;
        if (!root) return 'loading';
        return root.querySelector('#error-dialog, viewer-error-dialog') ? 'error' : 'shown';
      }) ?? 'loading';
    await expect.poll(viewerState).toBe('shown');
    await page.waitForTimeout(1500);
    expect(await viewerState()).toBe('shown');

    // A picture shows, at its own size.
    const picture = await page.goto(pngUrl);
    expect(await picture!.allHeaders()).toMatchObject({ ...strict, 'content-type': 'image/png' });
    await expect.poll(() => page.evaluate(() => document.images[0]?.naturalWidth ?? 0)).toBe(40);

    // A forced download and a zip carry the same headers; so does a refusal from those routes.
    // From the vault page itself (same origin: the browser shows every header), as a download link is followed.
    await page.goto(vaultUrl);
    const fetched = (url: string) =>
      page.evaluate(async (u) => {
        const res = await fetch(u);
        await res.arrayBuffer();
        return { status: res.status, headers: Object.fromEntries(res.headers.entries()) };
      }, url);
    const download = await fetched(`${pdfUrl}?download=1`);
    expect(download.headers).toMatchObject(strict);
    expect(download.headers['content-disposition']).toMatch(/^attachment;/);
    const zip = await fetched(`${vaultUrl}/zip?id=${new URL(pdfUrl).pathname.split('/').pop()}`);
    expect(zip.status).toBe(200);
    expect(zip.headers).toMatchObject({ ...strict, 'content-type': 'application/zip' });
    const missing = await fetched(`${vaultUrl}/00000000-0000-4000-8000-000000000000`);
    expect(missing.status).toBe(404);
    expect(missing.headers['content-security-policy']).toBe(strict['content-security-policy']);
  },
);

test(
  'a DSL alerts a colleague to a document; it reaches their dashboard without naming the pupil or file',
  ANY_SCREEN,
  async ({ browser }, testInfo) => {
    const page = await dsl.get(browser);
    await page.goto(vaultUrl);
    const pdfName = `Social care letter ${testInfo.project.name}.pdf`;
    const row = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: pdfName, exact: true }) });
    await row.getByText('Alert users…').click();
    const find = row.getByPlaceholder('Find someone to alert');
    // A teacher without the "Files" permission is not offered.
    await find.fill('Tom');
    await expect(row.getByRole('button', { name: /Tom Hughes/ })).toHaveCount(0);
    await find.fill('Priya');
    await row.getByRole('button', { name: /Priya Raman/ }).click();
    await expect(row.getByRole('list', { name: 'People to alert' })).toContainText('Priya Raman');
    await row.getByRole('button', { name: 'Send alert' }).click();
    await expect(row.getByText('1 person alerted.')).toBeVisible();

    // Priya, before using her key: the alert is there, the pupil is not named.
    const context = await browser.newContext();
    const priya = await context.newPage();
    await signInOn(priya, 'trust.safeguarding@haven.test');
    await priya.getByRole('link', { name: 'Continue without key' }).click();
    const alerts = priya.getByRole('list', { name: 'Your alerts' });
    const shared = alerts.getByRole('listitem').filter({ hasText: 'a document was shared with you' }).first();
    await expect(shared).toContainText('David Okafor');
    await expect(shared).toContainText('use your key to see which pupil');
    await expect(alerts).not.toContainText(ZOFIA);
    await expect(alerts).not.toContainText(pdfName);
    await expect(shared.getByRole('link', { name: 'Document vault' })).toHaveAttribute(
      'href',
      new URL(vaultUrl).pathname,
    );
    await context.close();
  },
);

test(
  'a file over the proxy’s 10 MB body limit reaches the upload route; another site’s post is refused',
  ANY_SCREEN,
  async ({ browser }, testInfo) => {
    test.setTimeout(120_000);
    const page = await dsl.get(browser);
    await page.goto(vaultUrl);
    // From the page itself, as its script sends a file: the browser sets the real Origin.
    const name = `Large scan ${testInfo.project.name}.pdf`;
    const ok = await page.evaluate(
      async ({ url, name }) => {
        const head = new TextEncoder().encode('%PDF-1.4\n');
        const body = new Uint8Array(12 * 1024 * 1024).fill(0x20);
        body.set(head, 0);
        const res = await fetch(url, {
          method: 'POST',
          body,
          headers: {
            accept: 'application/json',
            'content-type': 'application/octet-stream',
            'x-file-name': encodeURIComponent(name),
          },
        });
        return { status: res.status, body: (await res.json()) as { message?: string } };
      },
      { url: `${vaultUrl}/upload`, name },
    );
    expect(ok).toEqual({ status: 200, body: expect.objectContaining({ message: `“${name}” uploaded.` }) });
    // The same request from another site, with this person's cookies: refused before anything is read.
    const cookies = (await page.context().cookies(vaultUrl)).map((c) => `${c.name}=${c.value}`).join('; ');
    const forged = await rawRequest({
      host: new URL(vaultUrl).hostname,
      path: `${new URL(vaultUrl).pathname}/upload`,
      method: 'POST',
      headers: {
        cookie: cookies,
        origin: 'http://evil.localhost:1',
        'content-type': 'application/octet-stream',
        'x-file-name': 'forged.pdf',
      },
      body: '%PDF-1.4\nforged\n',
    });
    expect(forged.status).toBe(403);
    await page.goto(vaultUrl);
    await expect(page.getByRole('link', { name })).toHaveCount(1);
  },
);

test('a teacher cannot open the vault by its address', ANY_SCREEN, async ({ page }) => {
  await signInOn(page, 'teacher@demo.haven.test');
  await expect(page.getByRole('link', { name: /dashboard/ })).toBeVisible();
  await page.goto(vaultUrl);
  await expect(page.getByRole('heading', { name: /couldn’t find|not found/i })).toBeVisible();
  await expect(page.getByText('Social care letter')).toHaveCount(0);
});

/**
 * Admin → Imports in Chromium: the Northfield DSL elevates, uploads the
 * format's sample bundle and sees the run with its counts, then a bundle with
 * a broken row and its row error, and a zip that climbs out of its folder
 * refused. The school's own extract is uploaded again at the end, so its
 * pupils are back on roll for the specs that follow. Then hostile extracts:
 * a zip bomb refused while another school's sign-in page keeps answering, a
 * Latin-1 file refused whole, and a value too long reported while the rest
 * is imported, with long free text clipped on the pupil's profile.
 * Screenshots at 360 and 1280 px go to test-results/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { strToU8, zipSync } from 'fflate';
import { DEMO_PASSWORD } from '../../db/seed/demo-users';
import { generateSchoolBundle, NORTHFIELD_PRIMARY } from '../../db/seed';
import { zipBomb } from '../support/hostile-zips';
import { expectAccessible } from './support/a11y';
import { rawRequest } from './support/http';
import { freshTotp } from './support/totp';
import { schoolUrl } from './support/urls';

const SECRET = 'KRUGS4ZANFZSAYJAMRSW233TMVRXEZLU';
const SAMPLE = path.resolve('tests/fixtures/mis-sample');
const FILES = ['students.csv', 'staff.csv', 'contacts.csv', 'attendance.csv'];

const sampleFile = (name: string, text?: string) => ({
  name,
  mimeType: 'text/csv',
  buffer: Buffer.from(text ?? fs.readFileSync(path.join(SAMPLE, name), 'utf8')),
});

async function signInElevated(page: Page) {
  await page.goto(schoolUrl('northfield', '/login'));
  await page.getByLabel('Email address').fill('dsl@northfield.haven.test');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(schoolUrl('northfield', '/elevate'));
  await page.getByLabel('Code from your authenticator app').fill(await freshTotp(SECRET));
  await page.getByRole('button', { name: 'Use key' }).click();
  await expect(page.getByRole('banner').getByText('Using your key')).toBeVisible();
}

async function upload(page: Page, files: { name: string; mimeType: string; buffer: Buffer }[]) {
  await page.goto(schoolUrl('northfield', '/admin/imports'));
  await page.getByLabel('Extract files').setInputFiles(files);
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByRole('heading', { name: /^Import of / })).toBeVisible({ timeout: 60_000 });
}

/** A request from the page itself (its cookie, its Origin): Node cannot resolve *.localhost, Chromium can. */
async function inBrowser(page: Page, method: 'GET' | 'POST', path: string): Promise<[number, string]> {
  return page.evaluate(
    async ([m, p]) => {
      const body = m === 'POST' ? new FormData() : undefined;
      body?.append('files', new File(['mis_id\n'], 'students.csv', { type: 'text/csv' }));
      const res = await fetch(p, { method: m, body });
      return [res.status, await res.text()] as [number, string];
    },
    [method, path] as const,
  );
}

async function shoot(page: Page, name: string) {
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: width === 360 ? 780 : 900 });
    await page.screenshot({ path: `test-results/imports-${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 360, height: 780 });
}

test('an administrator uploads the sample bundle, sees the run and its counts, then a broken bundle’s row error', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signInElevated(page);
  await page.goto(schoolUrl('northfield', '/admin'));
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Imports' }).click();
  await expect(page.getByRole('heading', { name: 'Imports', exact: true })).toBeVisible();
  // The demo imported Northfield's extract through the job at install.
  await expect(page.getByRole('region', { name: 'Import health' })).toContainText('Import health: Green');
  await expect(
    page
      .getByRole('table', { name: /Import runs/ })
      .getByText('Scheduled (MIS delivery)')
      .first(),
  ).toBeAttached();
  await expectAccessible(page);
  await shoot(page, 'list');

  // The sample bundle, as its four CSV files.
  await upload(
    page,
    FILES.map((f) => sampleFile(f)),
  );
  await expect(page.getByText('Succeeded')).toBeVisible();
  const files = page.getByRole('table', { name: 'What each file did' });
  // Northfield's generated roll uses the same mis_ids (S1001…): those ten pupils are updated, the rest archived as missing.
  const sampleRoll = files.getByRole('row', { name: /students\.csv/ }).getByRole('cell');
  await expect(sampleRoll.nth(0)).toHaveText('10'); // rows
  await expect(sampleRoll.nth(6)).toHaveText('0'); // errors
  await expect(
    files
      .getByRole('row', { name: /attendance\.csv/ })
      .getByRole('cell')
      .nth(0),
  ).toHaveText('200');
  await expect(page.getByText('2 made')).toBeVisible(); // Amelia and Harry Smith, both ways
  await expect(page.getByText('None: every row was imported.')).toBeVisible();
  await expectAccessible(page);
  await shoot(page, 'run');

  // The list shows the run with its counts.
  await page.getByRole('link', { name: 'Back to imports' }).click();
  const newest = page
    .getByRole('table', { name: /Import runs/ })
    .getByRole('row')
    .nth(1);
  await expect(newest).toContainText('Upload by Imran Shah');
  await expect(newest).toContainText('Succeeded');
  await expect(newest.getByRole('cell').nth(-2)).toHaveText('0'); // errors (the last column is the status)

  // A broken row: a date written the British way on line 4, as a zip.
  const students = fs.readFileSync(path.join(SAMPLE, 'students.csv'), 'utf8').replace('2012-11-30', '30/11/2012');
  const zip = zipSync({ 'students.csv': strToU8(students) });
  await upload(page, [{ name: 'broken.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) }]);
  const issues = page.getByRole('table', { name: 'Rows with errors or warnings' });
  const row = issues.getByRole('row').filter({ hasText: 'date_of_birth' });
  await expect(row).toContainText('students.csv');
  await expect(row).toContainText('4');
  await expect(row).toContainText('"30/11/2012" is not a date written YYYY-MM-DD');
  await expectAccessible(page);
  await shoot(page, 'errors');
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download as CSV' }).click();
  const csv = fs.readFileSync(await (await download).path(), 'utf8');
  expect(csv.split('\n')[0]).toBe('file,line,column,severity,reason');
  expect(csv).toContain('students.csv,4,date_of_birth,error,"""30/11/2012"" is not a date written YYYY-MM-DD"');

  // A zip that climbs out of its folder is refused, and the run says why.
  const evil = zipSync({ '../students.csv': strToU8(students) });
  await upload(page, [{ name: 'evil.zip', mimeType: 'application/zip', buffer: Buffer.from(evil) }]);
  await expect(page.getByText('Failed', { exact: true })).toBeVisible();
  await expect(page.getByText(/points outside the zip's folder/)).toBeVisible();

  // Northfield's own extract again: its pupils return to the roll.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-e2e-northfield-'));
  const today = new Intl.DateTimeFormat('en-CA', {
    timeZone: NORTHFIELD_PRIMARY.timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
  await generateSchoolBundle(dir, { ...NORTHFIELD_PRIMARY, today });
  await upload(
    page,
    FILES.map((f) => ({ name: f, mimeType: 'text/csv', buffer: fs.readFileSync(path.join(dir, f)) })),
  );
  fs.rmSync(dir, { recursive: true, force: true });
  await expect(page.getByText('Succeeded')).toBeVisible();
  const roll = files.getByRole('row', { name: /students\.csv/ }).getByRole('cell');
  await expect(roll.nth(4)).toHaveText('0'); // archived
  await expect(roll.nth(5)).not.toHaveText('0'); // restored: Northfield's own pupils
});

/** Northfield's own extract for today, in a fresh folder. */
async function northfieldExtract(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-e2e-northfield-'));
  const today = new Intl.DateTimeFormat('en-CA', {
    timeZone: NORTHFIELD_PRIMARY.timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
  await generateSchoolBundle(dir, { ...NORTHFIELD_PRIMARY, today });
  return dir;
}

test('hostile extracts: a zip bomb refused while other schools keep answering, a Latin-1 file refused whole, a value too long reported and long text clipped', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await signInElevated(page);
  const signInPage = async () => {
    const t = Date.now();
    const res = await rawRequest({ host: 'demo.localhost', path: '/login' });
    expect(res.status).toBe(200);
    return Date.now() - t;
  };
  await signInPage(); // served once before, as on any running server

  // A 1 MB zip of 1 GB of zeros, through the page, while another school's sign-in page is asked for.
  const bomb = await zipBomb(1024);
  let uploading = true;
  const times: number[] = [];
  const pinger = (async () => {
    while (uploading) {
      times.push(await signInPage());
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  await upload(page, [{ name: 'extract.zip', mimeType: 'application/zip', buffer: bomb }]);
  uploading = false;
  await pinger;
  await expect(page.getByText('Failed', { exact: true })).toBeVisible();
  await expect(page.getByText(/The zip was refused: it unpacks to more than 100 times its own size/)).toBeVisible();
  expect(times.length).toBeGreaterThan(0);
  expect(Math.max(...times), 'slowest sign-in page during the upload (ms)').toBeLessThan(1_000);

  // A students.csv saved as Latin-1: refused whole, naming the file and the line.
  const latin1 = Buffer.from(fs.readFileSync(path.join(SAMPLE, 'students.csv'), 'utf8'), 'latin1');
  await upload(page, [{ name: 'students.csv', mimeType: 'text/csv', buffer: latin1 }]);
  await expect(page.getByText('Failed', { exact: true })).toBeVisible();
  await expect(
    page.getByText('students.csv is not UTF-8 text, so nothing was imported: line 2 has a byte that is not UTF-8'),
  ).toBeVisible();

  // Northfield's extract with one pupil's conditions far too long and another's many: the first is an error
  // on its line and column (the rest imported), the second is clipped on the profile behind "Show more".
  const dir = await northfieldExtract();
  const rows = parse(fs.readFileSync(path.join(dir, 'students.csv'), 'utf8'), { bom: true }) as string[][];
  const col = rows[0]!.indexOf('medical_conditions');
  rows[1]![col] = 'x'.repeat(5_000);
  rows[2]![col] = Array.from({ length: 20 }, (_, i) => `Condition ${i + 1}`).join('; ');
  const many = {
    forename: rows[2]![rows[0]!.indexOf('legal_forename')]!,
    surname: rows[2]![rows[0]!.indexOf('legal_surname')]!,
  };
  const edited = stringify(rows);
  await upload(page, [
    ...FILES.filter((f) => f !== 'students.csv').map((f) => ({
      name: f,
      mimeType: 'text/csv',
      buffer: fs.readFileSync(path.join(dir, f)),
    })),
    { name: 'students.csv', mimeType: 'text/csv', buffer: Buffer.from(edited) },
  ]);
  await expect(page.getByText('Succeeded')).toBeVisible();
  const issue = page
    .getByRole('table', { name: 'Rows with errors or warnings' })
    .getByRole('row')
    .filter({ hasText: 'medical_conditions' });
  await expect(issue).toContainText('students.csv');
  await expect(issue).toContainText('longer than the 4,000 characters Haven takes for this column');
  await expect(issue.getByRole('cell').nth(1)).toHaveText('2');

  await page.goto(schoolUrl('northfield', `/?q=${encodeURIComponent(`${many.forename} ${many.surname}`)}`));
  await page
    .getByRole('list', { name: /^Pupils matching/ })
    .getByRole('link')
    .first()
    .click();
  const conditions = page.getByRole('definition').filter({ hasText: 'Condition 1' });
  await expect(conditions.getByRole('listitem')).toHaveCount(8);
  await expect(conditions.getByText('Condition 20')).toBeHidden();
  await conditions.getByText('Show 12 more').click();
  await expect(conditions.getByText('Condition 20')).toBeVisible();
  await expectAccessible(page);
  await shoot(page, 'clipped-conditions');

  // Northfield's own extract again, as it was.
  await upload(
    page,
    FILES.map((f) => ({ name: f, mimeType: 'text/csv', buffer: fs.readFileSync(path.join(dir, f)) })),
  );
  fs.rmSync(dir, { recursive: true, force: true });
  await expect(page.getByText('Succeeded')).toBeVisible();
});

test('the upload and download routes refuse other sites, the signed-out and non-administrators', async ({ page }) => {
  const crossSite = await rawRequest({
    host: 'northfield.localhost',
    path: '/admin/imports/upload',
    method: 'POST',
    headers: {
      origin: 'http://demo.localhost',
      'content-type': 'multipart/form-data; boundary=x',
      'content-length': '0',
    },
  });
  expect(crossSite.status).toBe(403);
  const signedOut = await rawRequest({
    host: 'northfield.localhost',
    path: `/admin/imports/${crypto.randomUUID()}/download`,
  });
  expect(signedOut.status).toBe(401);

  // A teacher (no administration) is refused on both routes.
  await page.goto(schoolUrl('demo', '/login'));
  await page.getByLabel('Email address').fill('teacher@demo.haven.test');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Hello, Tom' })).toBeVisible();
  expect(await inBrowser(page, 'GET', `/admin/imports/${crypto.randomUUID()}/download`)).toEqual([
    403,
    'You do not have permission to do that.',
  ]);
  expect((await inBrowser(page, 'POST', '/admin/imports/upload'))[0]).toBe(403);
  await page.goto(schoolUrl('demo', '/admin/imports'));
  await expect(page).toHaveURL(schoolUrl('demo', '/admin'));
});

test('an administrator who has not used their key is refused by the download route and asked to elevate', async ({
  page,
}) => {
  await page.goto(schoolUrl('demo', '/login'));
  await page.getByLabel('Email address').fill('dsl@demo.haven.test');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'Continue without key' }).click();
  expect(await inBrowser(page, 'GET', `/admin/imports/${crypto.randomUUID()}/download`)).toEqual([
    403,
    'Elevate your access to use administration.',
  ]);
  expect(await inBrowser(page, 'POST', '/admin/imports/upload')).toEqual([
    403,
    'Elevate your access to use administration.',
  ]);
  await page.goto(schoolUrl('demo', '/admin/imports'));
  await expect(page).toHaveURL(schoolUrl('demo', '/admin'));
  await expect(page.getByText('Elevate your access to use administration.')).toBeVisible();
});

/**
 * Transfers between the demo trust's schools, in Chromium: a pupil of the
 * demo academy with two incidents (one linking another pupil, in a category
 * the academy will not send) and a document leaves (the academy's own
 * extract, with that one pupil's leaving date) and joins Northfield (its own
 * extract plus that pupil, same UPN). The transfer-detection job, run twice
 * through the demo server's control socket, makes one transfer; Northfield's
 * administrator requests it; the academy's administrator excludes a category
 * in Manage preferences, sees exactly what will be sent on the authorise
 * page, and sends. At Northfield nothing of the file shows until the
 * administrator grants the DSL group rights on the Legacy sub-category; then
 * the one preferred incident shows as written, by the academy, naming no
 * linked pupil, with the document; a colleague in another group still sees
 * nothing; receipt is confirmed. Admin → Transfers is photographed at 360 and
 * 1280 px.
 *
 * Both extracts are the schools' own, generated for today as db/seed does at
 * install, so only the one pupil changes for the specs that follow. The
 * pupil is a generated one no other spec names; the academy's side is the
 * deputy DSL's; Northfield's pastoral lead is a demo person for this spec.
 * A pupil with an invalid UPN, or a UPN also on roll elsewhere, is never
 * matched: tests/integration/transfers-detection.test.ts checks it.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { DEMO_PASSWORD, DEMO_USERS } from '../../db/seed/demo-users';
import {
  DEMO_ACADEMY,
  NORTHFIELD_PRIMARY,
  STUDENT_COLUMNS,
  generateSchoolBundle,
  type DemoSchool,
} from '../../db/seed';
import { expectAccessible } from './support/a11y';
import { phonePageWithKey } from './support/shared-page';
import { pickPupil } from './support/sign-in';
import { freshTotp } from './support/totp';
import { schoolUrl } from './support/urls';

test.describe.configure({ mode: 'serial', timeout: 240_000 });

const repo = fileURLToPath(new URL('../..', import.meta.url));
const FILES = ['students.csv', 'staff.csv', 'contacts.csv', 'attendance.csv'];
const DEPUTY = DEMO_USERS.find((u) => u.email === 'deputy.dsl@demo.haven.test')!;
const NORTHFIELD_DSL = DEMO_USERS.find((u) => u.email === 'dsl@northfield.haven.test')!;
const NORTHFIELD_PASTORAL = DEMO_USERS.find((u) => u.email === 'pastoral@northfield.haven.test')!;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const DOCUMENT = 'Transfer referral letter.pdf';
const SENT_TEXT = 'Disclosed at lunch that an older cousin hits them at weekends.';
const KEPT_TEXT = 'Name-calling in the changing rooms, dealt with by the form tutor.';

type Row = Record<(typeof STUDENT_COLUMNS)[number], string>;

let academy: Page;
let northfield: Page;
/** The pupil who moves: a generated pupil of the academy with a unique, plain name. */
let mover: Row;
const moverName = () => `${mover.legal_forename} ${mover.legal_surname}`;

function dayIn(school: DemoSchool, offsetDays = 0): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: school.timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(Date.now() + offsetDays * 86_400_000));
}

/** The school's own extract for today, as the demo installed it, with its students.csv rows changed by `edit`. */
async function extract(school: DemoSchool, edit: (rows: Row[]) => Row[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `haven-e2e-transfer-${school.slug}-`));
  try {
    await generateSchoolBundle(dir, { ...school, today: dayIn(school) });
    const rows = parse(fs.readFileSync(path.join(dir, 'students.csv'), 'utf8'), { columns: true }) as Row[];
    const students = stringify(edit(rows), { header: true, columns: [...STUDENT_COLUMNS] });
    return FILES.map((f) => ({
      name: f,
      mimeType: 'text/csv',
      buffer: f === 'students.csv' ? Buffer.from(students) : fs.readFileSync(path.join(dir, f)),
    }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function upload(page: Page, slug: string, files: Awaited<ReturnType<typeof extract>>) {
  await page.goto(schoolUrl(slug, '/admin/imports'));
  await page.getByLabel('Extract files').setInputFiles(files);
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByRole('heading', { name: /^Import of / })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText('Succeeded')).toBeVisible();
  const roll = page
    .getByRole('table', { name: 'What each file did' })
    .getByRole('row', { name: /students\.csv/ })
    .getByRole('cell');
  await expect(roll.nth(6)).toHaveText('0'); // errors
}

/** `npm run job -- transfer-detection`, through the running demo server's control socket. */
function detect(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', '--conditions=react-server', 'scripts/cli.ts', 'job', 'transfer-detection'], {
      cwd: repo,
      env: { ...process.env, HAVEN_DATA_DIR: process.env.HAVEN_E2E_DATA_DIR },
      stdio: 'pipe',
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const detected = /transfer-detection: detected=(\d+)/.exec(out)?.[1];
      if (code === 0 && detected !== undefined) resolve(Number(detected));
      else reject(new Error(`job failed (${code}):\n${out}`));
    });
  });
}

async function signInNorthfield(page: Page, person = NORTHFIELD_DSL): Promise<void> {
  await page.goto(schoolUrl('northfield', '/login'));
  await page.getByLabel('Email address').fill(person.email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(schoolUrl('northfield', '/elevate'));
  await page.getByLabel('Code from your authenticator app').fill(await freshTotp(person.totpSecret!));
  await page.getByRole('button', { name: 'Use key' }).click();
  await expect(page.getByRole('banner').getByText('Using your key')).toBeVisible();
}

/** The transfer's card on Admin → Transfers, by the pupil's name. */
const card = (page: Page) => page.locator('li[data-transfer]').filter({ hasText: moverName() });

async function screenshots(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.screenshot({ path: testInfo.outputPath(`${name}-360.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath(`${name}-1280.png`), fullPage: true });
  await page.setViewportSize({ width: 360, height: 780 });
}

test.beforeAll(async ({ browser }) => {
  academy = await phonePageWithKey(browser, DEPUTY.email, DEPUTY.totpSecret!);
  northfield = await (await browser.newContext({ viewport: { width: 360, height: 780 } })).newPage();
  await signInNorthfield(northfield);
});

test.afterAll(async () => {
  await northfield?.context().close();
});

test('the academy records two incidents and a document about a pupil who then leaves, and Northfield imports them', async () => {
  await extract(DEMO_ACADEMY, (rows) => {
    const fixed = new Set(DEMO_ACADEMY.fixedPupils?.map((p) => p.misId));
    const names = new Map<string, number>();
    for (const r of rows)
      names.set(
        `${r.legal_forename} ${r.legal_surname}`,
        (names.get(`${r.legal_forename} ${r.legal_surname}`) ?? 0) + 1,
      );
    mover = rows
      .filter(
        (r) =>
          !fixed.has(r.mis_id) &&
          r.upn &&
          !r.leaving_date &&
          !r.preferred_forename &&
          !r.preferred_surname &&
          /^[A-Za-z]+ [A-Za-z]+$/.test(`${r.legal_forename} ${r.legal_surname}`) &&
          names.get(`${r.legal_forename} ${r.legal_surname}`) === 1,
      )
      .at(-1)!;
    return rows;
  });
  expect(mover).toBeDefined();

  // Two incidents: one in Safeguarding linking another pupil (sent), one in Bullying alone (not sent).
  for (const [text, category, link] of [
    [SENT_TEXT, 'Safeguarding', true],
    [KEPT_TEXT, 'Bullying', false],
  ] as const) {
    await academy.goto(schoolUrl('demo', '/'));
    await academy.getByRole('link', { name: 'Add incident' }).click();
    await pickPupil(academy, 'Pupil', moverName().toLowerCase(), new RegExp(moverName()));
    await academy.getByLabel('What happened').fill(text);
    await academy.getByRole('checkbox', { name: category, exact: true }).check();
    if (link) {
      await pickPupil(academy, 'Link a pupil', 'seun', /Seun Adeyemi/);
      await academy.getByLabel('Their part').selectOption('alleged_harm');
    }
    await academy.getByRole('button', { name: 'Save incident' }).click();
    // A key holder lands on the pupil's incidents, the new one highlighted.
    await expect(academy.getByRole('status').filter({ hasText: 'The incident is recorded.' })).toBeVisible();
    await expect(academy.getByText(text)).toBeVisible();
  }

  // A document in the pupil's vault.
  await academy.getByRole('navigation', { name: 'Pupil record' }).getByRole('link', { name: 'Document vault' }).click();
  await academy
    .getByLabel('Files to add')
    .setInputFiles([{ name: DOCUMENT, mimeType: 'application/pdf', buffer: PDF }]);
  await expect(academy.getByRole('list', { name: 'Uploads' }).getByText('Uploaded')).toHaveCount(1);

  // The academy's extract with the pupil's leaving date (yesterday); Northfield's with the pupil joining today.
  const leaving = dayIn(DEMO_ACADEMY, -1);
  await upload(
    academy,
    'demo',
    await extract(DEMO_ACADEMY, (rows) =>
      rows.map((r) => (r.mis_id === mover.mis_id ? { ...r, leaving_date: leaving } : r)),
    ),
  );
  await upload(
    northfield,
    'northfield',
    await extract(NORTHFIELD_PRIMARY, (rows) => [
      ...rows,
      {
        ...rows.at(-1)!,
        mis_id: 'S9917',
        upn: mover.upn,
        legal_forename: mover.legal_forename,
        legal_surname: mover.legal_surname,
        preferred_forename: '',
        preferred_surname: '',
        date_of_birth: mover.date_of_birth,
        gender: mover.gender,
        start_date: dayIn(NORTHFIELD_PRIMARY),
        leaving_date: '',
      },
    ]),
  );
});

test('detection, run twice, makes one transfer; Northfield requests it', async ({}, testInfo) => {
  const first = await detect();
  const second = await detect();
  // The server's own hourly run may have found it first; either way the second run finds nothing new.
  expect(first).toBeLessThanOrEqual(1);
  expect(second).toBe(0);

  await northfield.goto(schoolUrl('northfield', '/admin'));
  await northfield.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Transfers' }).click();
  await expect(northfield.getByRole('heading', { name: 'Transfers', level: 1 })).toBeVisible();
  const received = card(northfield);
  await expect(received).toHaveCount(1);
  await expect(received).toContainText(`${moverName()} from ${DEMO_ACADEMY.name}`);
  await expect(received).toContainText('Detected');
  await expectAccessible(northfield);
  await received.getByRole('button', { name: 'Request' }).click();
  // The page is refreshed with the new status (the form, and its message, go with the step).
  await expect(received).toContainText('Requested:');
  await northfield.reload();
  await expect(card(northfield)).toContainText('Requested');
  await screenshots(northfield, testInfo, 'northfield-transfers');

  // The academy sees it as sent and requested.
  await academy.goto(schoolUrl('demo', '/admin/transfers'));
  const sent = card(academy);
  await expect(sent).toHaveCount(1);
  await expect(sent).toContainText(`${moverName()} to ${NORTHFIELD_PRIMARY.name}`);
  await expect(sent).toContainText('Requested');
  await screenshots(academy, testInfo, 'academy-transfers');
});

test('the academy excludes Bullying in its preferences and sees exactly what will be sent', async ({}, testInfo) => {
  await academy.goto(schoolUrl('demo', '/admin/transfers'));
  await academy.getByRole('link', { name: 'Manage preferences' }).click();
  // Ticks made before the page has finished loading its scripts can be lost: tick, save and check, again if need be.
  await expect(async () => {
    for (const box of await academy.getByRole('main').getByRole('checkbox').all()) await box.check();
    await academy.getByRole('checkbox', { name: 'Bullying', exact: true }).uncheck();
    await academy.getByRole('button', { name: 'Save preferences' }).click();
    await expect(academy.getByText(/^Saved\. Transfers you authorise send incidents in \d+ categories\.$/)).toBeVisible(
      {
        timeout: 5_000,
      },
    );
  }).toPass({ timeout: 45_000 });
  // What is stored: the page shows it again.
  await academy.reload();
  await expect(academy.getByRole('checkbox', { name: 'Safeguarding', exact: true })).toBeChecked();
  await expect(academy.getByRole('checkbox', { name: 'Bullying', exact: true })).not.toBeChecked();

  await academy.goto(schoolUrl('demo', '/admin/transfers'));
  await card(academy).getByRole('link', { name: 'Review and authorise' }).click();
  await expect(academy.getByRole('heading', { name: `Authorise the transfer of ${moverName()}’s file` })).toBeVisible();
  const sent = academy.getByRole('table', { name: 'Incidents sent, per category' });
  await expect(
    sent
      .getByRole('row', { name: /Safeguarding/ })
      .getByRole('cell')
      .nth(1),
  ).toHaveText('1');
  await expect(sent.getByRole('row', { name: /^Bullying/ })).toHaveCount(0);
  await expect(academy.getByText(/^1 incident in all/)).toBeVisible();
  await expect(academy.getByRole('heading', { name: 'Documents (1)' })).toBeVisible();
  await expect(academy.getByText(DOCUMENT)).toBeVisible();
  await expectAccessible(academy);
  await screenshots(academy, testInfo, 'authorise');
});

/** Opens the moved pupil's record at Northfield; returns its path, `/students/<id>`. */
async function openAtNorthfield(page: Page): Promise<string> {
  await page.goto(schoolUrl('northfield', '/'));
  await page.getByRole('combobox', { name: 'Quick Student Search' }).fill(moverName().toLowerCase());
  await page
    .getByRole('listbox', { name: 'Matching pupils' })
    .getByRole('option', { name: new RegExp(moverName()) })
    .click();
  await expect(page).toHaveURL(/\/students\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname;
}

test('the academy sends; Northfield sees nothing until a group is granted the Legacy rights, then exactly what was preferred', async ({
  browser,
}, testInfo) => {
  await academy.getByRole('button', { name: 'Authorise and send' }).click();
  await expect(academy.getByRole('status').filter({ hasText: 'Sent to Northfield Primary School on' })).toContainText(
    ': 1 incident and 1 document. It cannot be sent again.',
    { timeout: 30_000 },
  );
  await academy.goto(schoolUrl('demo', '/admin/transfers'));
  await expect(card(academy)).toContainText('Transferred');
  await expect(card(academy)).toContainText('Sent: 1 incident, 1 document.');
  // The academy keeps its own records unchanged.
  await academy.goto(schoolUrl('demo', '/'));

  // Northfield, before any group has rights on the Legacy categories: nothing of the file shows.
  const pupil = await openAtNorthfield(northfield);
  await northfield.goto(schoolUrl('northfield', `${pupil}/incidents`));
  await expect(northfield.getByRole('heading', { level: 1 })).toContainText(mover.legal_surname);
  await expect(northfield.getByText(SENT_TEXT)).toHaveCount(0);
  await expect(northfield.getByText(DEMO_ACADEMY.name)).toHaveCount(0);
  await northfield.goto(schoolUrl('northfield', `${pupil}/documents`));
  await expect(northfield.getByText(/can be seen by every member of staff/)).toBeVisible();
  await expect(northfield.getByText(DOCUMENT)).toHaveCount(0);

  // Northfield's administrator grants the DSL group the rights on the sent category's Legacy sub-category.
  const legacy = `${DEMO_ACADEMY.name}: Safeguarding`;
  await northfield.goto(schoolUrl('northfield', '/admin/groups'));
  await northfield.getByRole('link', { name: 'DSL', exact: true }).click();
  await expect(northfield.getByRole('checkbox', { name: `View incidents: ${legacy}` })).not.toBeChecked();
  // Only the preferred category arrived.
  await expect(
    northfield.getByRole('checkbox', { name: `View incidents: ${DEMO_ACADEMY.name}: Bullying` }),
  ).toHaveCount(0);
  await northfield.getByRole('checkbox', { name: `View students: ${legacy}` }).check();
  await northfield.getByRole('checkbox', { name: `View incidents: ${legacy}` }).check();
  await northfield.getByRole('button', { name: 'Save changes' }).click();
  await expect(northfield.getByText('Saved. Members have the new permissions from their next click.')).toBeVisible();

  // Now the DSL sees the one preferred incident, as written, by the academy, naming no linked pupil; and the document.
  await northfield.goto(schoolUrl('northfield', `${pupil}/incidents`));
  const copied = northfield.getByRole('article').filter({ hasText: SENT_TEXT });
  await expect(copied).toHaveCount(1);
  await expect(copied).toContainText(DEMO_ACADEMY.name);
  await expect(northfield.getByText(KEPT_TEXT)).toHaveCount(0);
  await expect(northfield.getByText(/Seun|Adeyemi/)).toHaveCount(0);
  await expect(northfield.getByText(DEPUTY.displayName)).toHaveCount(0);
  await expectAccessible(northfield);
  await northfield.screenshot({ path: testInfo.outputPath('northfield-chronology-360.png'), fullPage: true });
  await northfield.goto(schoolUrl('northfield', `${pupil}/documents`));
  await expect(northfield.getByRole('link', { name: DOCUMENT })).toBeVisible();

  // A Northfield colleague whose group has no rights on the Legacy categories sees nothing of it.
  const colleague = await (await browser.newContext({ viewport: { width: 360, height: 780 } })).newPage();
  await signInNorthfield(colleague, NORTHFIELD_PASTORAL);
  await colleague.goto(schoolUrl('northfield', `${pupil}/incidents`));
  await expect(colleague.getByRole('heading', { level: 1 })).toContainText(mover.legal_surname);
  await expect(colleague.getByText(SENT_TEXT)).toHaveCount(0);
  await expect(colleague.getByText(DEMO_ACADEMY.name)).toHaveCount(0);
  await colleague.goto(schoolUrl('northfield', `${pupil}/documents`));
  await expect(colleague.getByText(DOCUMENT)).toHaveCount(0);
  await colleague.context().close();

  // Northfield confirms receipt; the academy sees when.
  await northfield.goto(schoolUrl('northfield', '/admin/transfers'));
  await card(northfield).getByRole('button', { name: 'Confirm receipt' }).click();
  await expect(card(northfield)).toContainText('Receipt confirmed:');
  await academy.goto(schoolUrl('demo', '/admin/transfers'));
  await expect(card(academy)).toContainText('Receipt confirmed:');
  await screenshots(academy, testInfo, 'academy-transferred');
});

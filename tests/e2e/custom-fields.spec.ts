/**
 * Custom fields on every form, as staff meet them: the school's "Location"
 * dropdown for Behaviour incidents appears on a teacher's add-incident form
 * only while Behaviour is ticked (and keeps its choice when it is ticked
 * again); the saved value shows in the chronology and the printed PDF; an
 * action's "Outcome" is saved and shown under the action and on paper; a
 * pupil's "Young carer" is saved on Edit information and shown on the
 * overview. Each changed page is checked with axe and photographed at 360
 * and 1280 px.
 *
 * Making the definitions is Admin → Form builder's own spec; here they are
 * written into the demo school's settings before the server starts, so this
 * spec needs no administrator: it prepares its own data directory (as
 * student-profile.spec.ts does) and serves it with a second demo server.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test';
import { DEMO_PASSWORD } from '../../db/seed/demo-users';
import { pdfText } from '../support/pdf';
import { expectAccessible } from './support/a11y';
import { startDemoServer, type DemoServer } from './support/demo-server';
import { DEMO_DSL_SECRET } from './support/sign-in';
import { freshTotp } from './support/totp';

const repo = fileURLToPath(new URL('../..', import.meta.url));
// A port of its own beside the shared server's (student-profile.spec.ts takes +1000).
const port = Number(process.env.E2E_PORT ?? 3217) + 1100;
const TEXT = 'Zoë pushed another pupil off the climbing frame at lunch.';
const ACTION = 'Spoke to Zoë and her form tutor; parent phoned.';

test.describe.configure({ mode: 'serial', timeout: 180_000 });

let server: DemoServer;
let zoeId: string;
let incidentId = '';

function run(args: string[], dataDir: string): string {
  const r = spawnSync('npx', ['tsx', '--conditions=react-server', ...args], {
    cwd: repo,
    env: { ...process.env, HAVEN_DATA_DIR: dataDir },
    encoding: 'utf8',
    timeout: 240_000,
  });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

test.beforeAll(async () => {
  test.setTimeout(420_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-e2e-custom-fields-'));
  run(['scripts/cli.ts', 'migrate'], dataDir);
  run(['scripts/cli.ts', 'seed'], dataDir);
  run(['tests/e2e/support/set-forms.ts'], dataDir);
  const found = JSON.parse(
    run(['tests/e2e/support/find-pupil.ts', 'demo', "Zoë O'Brien"], dataDir).trim().split('\n').at(-1) ?? '[]',
  ) as { id: string }[];
  if (found.length !== 1) throw new Error(`expected one Zoë O'Brien in the demo school, found ${found.length}`);
  zoeId = found[0]!.id;
  server = await startDemoServer({ port, rootHost: 'localhost', dataDir });
});

test.afterAll(async () => {
  await dslPage?.context().close();
  await server?.stop();
});

async function signIn(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 360, height: 780 } });
  const page = await context.newPage();
  await page.goto(server.schoolUrl('demo', '/login'));
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return page;
}

/** The DSL's page, signed in with their key once for the spec (a code works once per step: see support/totp.ts). */
let dslPage: Page | undefined;

async function signInDsl(browser: Browser): Promise<Page> {
  if (dslPage && !dslPage.isClosed()) return dslPage;
  const page = await signIn(browser, 'dsl@demo.haven.test');
  dslPage = page;
  await expect(page).toHaveURL(server.schoolUrl('demo', '/elevate'));
  await page.getByLabel('Code from your authenticator app').fill(await freshTotp(DEMO_DSL_SECRET));
  await page.getByRole('button', { name: 'Use key' }).click();
  await expect(page.getByRole('banner').getByText('Using your key')).toBeVisible();
  return page;
}

async function screenshots(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}-360.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: testInfo.outputPath(`${name}-1280.png`), fullPage: true });
  await page.setViewportSize({ width: 360, height: 780 });
}

async function printed(page: Page, testInfo: TestInfo): Promise<string> {
  await page.goto(server.schoolUrl('demo', `/incidents/${incidentId}`));
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Print (PDF)' }).click();
  const file = testInfo.outputPath('incident.pdf');
  await (await downloading).saveAs(file);
  return pdfText(fs.readFileSync(file)).replace(/\s+/g, ' ');
}

test('a teacher sees “Location” only while Behaviour is ticked, and the DSL reads it in the chronology and PDF', async ({
  browser,
}, testInfo) => {
  const page = await signIn(browser, 'teacher@demo.haven.test');
  await expect(page.getByRole('heading', { name: 'Hello, Tom' })).toBeVisible();
  await page.goto(server.schoolUrl('demo', `/incidents/new?student=${zoeId}`));
  const location = page.getByRole('combobox', { name: 'Location (optional)' });
  await expect(page.getByRole('heading', { name: 'Add incident' })).toBeVisible();
  await expect(location).toBeHidden();
  await page.getByLabel('What happened').fill(TEXT);
  const behaviour = page.getByRole('checkbox', { name: 'Behaviour', exact: true });
  await behaviour.check();
  await expect(location).toBeVisible();
  await expect(page.getByText('Where it happened, if on site.')).toBeVisible();
  await location.selectOption('Playground');
  await expectAccessible(page);
  await screenshots(page, testInfo, 'add-incident-location');
  // Unticked, it goes; ticked again, it comes back with the choice made.
  await behaviour.uncheck();
  await expect(location).toBeHidden();
  await behaviour.check();
  await expect(location).toHaveValue('Playground');
  // Hidden when the tab is closed, the choice is still in the device's draft.
  await behaviour.uncheck();
  await expect(location).toBeHidden();
  await page.reload();
  await expect(page.getByText('We kept what you typed last time on this device.')).toBeVisible();
  await expect(page.getByLabel('What happened')).toHaveValue(TEXT);
  await expect(location).toBeHidden();
  await behaviour.check();
  await expect(location).toHaveValue('Playground');
  await page.getByRole('button', { name: 'Save incident' }).click();
  await expect(page.getByRole('heading', { name: /Incident #\d+ is recorded/ })).toBeVisible();
  await page.context().close();

  const dsl = await signInDsl(browser);
  await dsl.goto(server.schoolUrl('demo', `/students/${zoeId}/incidents`));
  const card = dsl.locator('article').filter({ hasText: TEXT });
  await expect(card).toHaveCount(1);
  await expect(card.getByText('Location:')).toBeVisible();
  await expect(card.getByText('Playground')).toBeVisible();
  incidentId = ((await card.getAttribute('id')) ?? '').replace('incident-', '');
  expect(incidentId).toMatch(/^[0-9a-f-]{36}$/);
  await screenshots(dsl, testInfo, 'chronology-location');
  const text = await printed(dsl, testInfo);
  expect(text).toContain(TEXT);
  expect(text).toMatch(/Location Playground/);
});

test('an action’s custom field is saved and shown under the action and in the PDF', async ({ browser }, testInfo) => {
  const page = await signInDsl(browser);
  await page.goto(server.schoolUrl('demo', `/incidents/${incidentId}/action`));
  await page.getByLabel('Action taken').fill(ACTION);
  const outcome = page.getByRole('combobox', { name: 'Outcome (optional)' });
  await expect(page.getByText('How it ended for now.')).toBeVisible();
  await outcome.selectOption('Referred');
  await expectAccessible(page);
  await screenshots(page, testInfo, 'add-action-outcome');
  await page.getByRole('button', { name: 'Save action' }).click();
  await expect(page).toHaveURL(/highlight=/);
  const card = page.locator(`#incident-${incidentId}`);
  await expect(card.getByText('Outcome:')).toBeVisible();
  await expect(card.getByText('Referred')).toBeVisible();
  await screenshots(page, testInfo, 'chronology-outcome');

  // Editing the action offers the field with the value saved.
  await page.goto(server.schoolUrl('demo', `/incidents/${incidentId}`));
  await page.getByRole('link', { name: 'Edit action' }).first().click();
  await expect(page.getByRole('combobox', { name: 'Outcome (optional)' })).toHaveValue('Referred');
  await screenshots(page, testInfo, 'edit-action-outcome');

  const text = await printed(page, testInfo);
  expect(text).toContain(ACTION);
  expect(text).toMatch(/Outcome Referred/);
});

test('a pupil’s custom field is saved on Edit information and shown on the overview', async ({ browser }, testInfo) => {
  const page = await signInDsl(browser);
  await page.goto(server.schoolUrl('demo', `/students/${zoeId}/edit`));
  const carer = page.getByRole('combobox', { name: 'Young carer (optional)' });
  await expect(page.getByText('As the family told us.')).toBeVisible();
  await carer.selectOption('Yes');
  await expectAccessible(page);
  await screenshots(page, testInfo, 'edit-information-carer');
  await page.getByRole('button', { name: 'Save information' }).click();
  await expect(page.getByText('Saved.', { exact: true })).toBeVisible();
  await expect(carer).toHaveValue('Yes');

  await page.getByRole('navigation', { name: 'Pupil record' }).getByRole('link', { name: 'Overview' }).click();
  const carerShown = page.locator('dl > div').filter({ has: page.locator('dt', { hasText: 'Young carer' }) });
  await expect(carerShown.locator('dd')).toHaveText('Yes');
  await expectAccessible(page);
  await screenshots(page, testInfo, 'overview-carer');
});

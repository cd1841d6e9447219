/**
 * The pupil profile as a DSL uses it: elevate, open Zoë O'Brien's record, read
 * her attendance calendar, monitor her for a category and find the period in
 * her monitoring history; without the key the record asks for it, and a
 * teacher gets the 404 page. On a phone and on a desk-sized screen.
 *
 * Until the dashboard search reaches this code, Zoë's id is looked up in the
 * database before the server starts: the spec prepares its own data directory
 * (the demo seed, which imports the demo MIS extract), reads her id, then
 * serves it with a second demo server.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../../db/seed/demo-users';
import { expectAccessible } from './support/a11y';
import { startDemoServer, type DemoServer } from './support/demo-server';
import { freshTotp } from './support/totp';
import { headerMenu } from './support/header';

const DSL_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const repo = fileURLToPath(new URL('../..', import.meta.url));
// A port of its own beside the shared server's.
const port = Number(process.env.E2E_PORT ?? 3217) + 1000;

test.describe.configure({ mode: 'serial', timeout: 180_000 });

let server: DemoServer;
let zoeId: string;
let seunId: string;

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
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-e2e-profile-'));
  run(['scripts/cli.ts', 'migrate'], dataDir);
  run(['scripts/cli.ts', 'seed'], dataDir);
  const found = JSON.parse(
    run(['tests/e2e/support/find-pupil.ts', 'demo', "Zoë O'Brien"], dataDir).trim().split('\n').at(-1) ?? '[]',
  ) as { id: string }[];
  if (found.length !== 1) throw new Error(`expected one Zoë O'Brien in the demo school, found ${found.length}`);
  zoeId = found[0]!.id;
  // Seun is in Year 8: he has marks from last school year too.
  const seun = JSON.parse(
    run(['tests/e2e/support/find-pupil.ts', 'demo', 'Seun Adeyemi'], dataDir).trim().split('\n').at(-1) ?? '[]',
  ) as { id: string }[];
  if (seun.length !== 1) throw new Error(`expected one Seun Adeyemi in the demo school, found ${seun.length}`);
  seunId = seun[0]!.id;
  server = await startDemoServer({ port, rootHost: 'localhost', dataDir });
});

test.afterAll(async () => {
  await server?.stop();
});

async function signIn(page: Page, email: string) {
  await page.goto(server.schoolUrl('demo', '/login'));
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('without the key the record asks for it; a teacher gets the 404 page', async ({ page, browser }) => {
  await signIn(page, 'dsl@demo.haven.test');
  await page.getByRole('link', { name: 'Continue without key' }).click();
  await page.goto(server.schoolUrl('demo', `/students/${zoeId}`));
  await expect(page.getByText('Use your key to open pupils’ records.')).toBeVisible();
  await expect(page.getByText("O'Brien")).toHaveCount(0);
  await expectAccessible(page);

  const other = await browser.newContext();
  const teacher = await other.newPage();
  await signIn(teacher, 'teacher@demo.haven.test');
  await expect(teacher.getByRole('heading', { name: 'Hello, Tom' })).toBeVisible();
  const response = await teacher.goto(server.schoolUrl('demo', `/students/${zoeId}/attendance`));
  expect(response?.status()).toBe(404);
  await expect(teacher.getByRole('heading', { name: 'We couldn’t find that page' })).toBeVisible();
  await other.close();
});

test('a DSL opens Zoë’s record, reads her attendance, monitors her and finds it in the history', async ({ page }) => {
  await signIn(page, 'dsl@demo.haven.test');
  await expect(page).toHaveURL(server.schoolUrl('demo', '/elevate'));
  // A fresh database per server: this code has not been used there.
  await page.getByLabel('Code from your authenticator app').fill(await freshTotp(DSL_SECRET));
  await page.getByRole('button', { name: 'Use key' }).click();
  await expect(page.getByRole('banner').getByText('Using your key')).toBeVisible();

  await page.goto(server.schoolUrl('demo', `/students/${zoeId}`));
  await expect(page.getByRole('heading', { level: 1, name: "Zoë O'Brien" })).toBeVisible();
  await expect(page.getByText('7A', { exact: false }).first()).toBeVisible();
  await expect(page.getByText('No incidents recorded yet.')).toBeVisible();
  await expectAccessible(page);

  // Attendance: this year's figures and a calendar whose sessions say what their mark means.
  await page.getByRole('navigation', { name: 'Pupil record' }).getByRole('link', { name: 'Attendance' }).click();
  await expect(page.getByRole('heading', { name: 'Calendar' })).toBeVisible();
  await expect(page.getByText('Attendance', { exact: true }).first()).toBeVisible();
  const session = page.getByRole('button', { name: /morning: / }).first();
  await expect(session).toBeVisible();
  const label = (await session.getAttribute('aria-label')) ?? '';
  await session.click();
  await expect(page.getByText(label, { exact: true }).last()).toBeVisible();
  await expectAccessible(page);
  // An earlier school year, from the year picker: its own figures and calendar, and no trend.
  await page.goto(server.schoolUrl('demo', `/students/${seunId}/attendance`));
  const years = page.getByRole('navigation', { name: 'School year' });
  await expect(years.getByRole('link').first()).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('heading', { name: 'Trend' })).toBeVisible();
  const earlier = years.getByRole('link').nth(1);
  const earlierName = (await earlier.innerText()).trim();
  await earlier.click();
  await expect(page.getByText(`School year (${earlierName}), from`)).toBeVisible();
  await expect(years.getByRole('link', { name: earlierName })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('heading', { name: 'Calendar' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Trend' })).toHaveCount(0);
  await expectAccessible(page);
  await page.goto(server.schoolUrl('demo', `/students/${zoeId}`));

  // Monitor her for Bullying from the Edit information tab.
  await page.getByRole('navigation', { name: 'Pupil record' }).getByRole('link', { name: 'Edit information' }).click();
  await expect(page.getByRole('heading', { name: 'Monitoring' })).toBeVisible();
  await expectAccessible(page);
  const bullying = page.getByRole('checkbox', { name: 'Bullying', exact: true });
  await expect(bullying).not.toBeChecked();
  await bullying.check();
  await page.getByRole('button', { name: 'Save monitoring' }).click();
  await expect(page.getByText('Monitoring saved.')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Monitored for' }).getByText('Bullying')).toBeVisible();

  // A summary, saved with the version it was loaded with.
  await page.getByRole('textbox', { name: 'Summary' }).fill('Quiet; talks to the school nurse.');
  await page.getByRole('button', { name: 'Save information' }).click();
  await expect(page.getByText('Saved.', { exact: true })).toBeVisible();

  // The monitoring history shows the period, started today by the DSL and still running.
  await page
    .getByRole('navigation', { name: 'Pupil record' })
    .getByRole('link', { name: 'Monitoring history' })
    .click();
  // A table on a wide screen, a card per period on a phone.
  const period = page.locator('tr:visible, li:visible').filter({ hasText: 'Bullying' }).filter({ hasText: 'Ongoing' });
  await expect(period).toHaveCount(1);
  await expect(period).toContainText('David Okafor');
  await expectAccessible(page);

  // The overview carries the summary; hide-names mode masks her name in the header.
  await page.getByRole('navigation', { name: 'Pupil record' }).getByRole('link', { name: 'Overview' }).click();
  await expect(page.getByText('Quiet; talks to the school nurse.')).toBeVisible();
  await (await headerMenu(page)).getByRole('button', { name: 'Hide names' }).click();
  await expect(page.getByRole('heading', { level: 1, name: "Z*** O'B***" })).toBeVisible();
  await expect(page.getByText('Zoë')).toHaveCount(0);
  await (await headerMenu(page)).getByRole('button', { name: 'Names hidden' }).click();
  await expect(page.getByRole('heading', { level: 1, name: "Zoë O'Brien" })).toBeVisible();
});

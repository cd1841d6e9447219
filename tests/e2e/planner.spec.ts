/**
 * The Planner, the "Done when": the DSL creates a public case review
 * linked to a pupil, shared with a colleague, with a reminder five minutes
 * before it; the planner-reminders job, run at the clock time the reminder
 * falls due (`job … --now`, as tests control the clock), puts one reminder on
 * the DSL's dashboard and one email in the development mailbox, and a second
 * run at the same time sends nothing more; the shared colleague sees the event
 * in their planner and has its reminder too. The month, agenda (phone) and
 * day views and the event page are checked with axe and photographed at 360
 * and 1280 px. From the event the DSL runs the pupil's report; from the
 * add-incident form, "Add to planner" saves a follow-up with the incident.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { DEMO_USERS } from '../../db/seed/demo-users';
import { expectAccessible } from './support/a11y';
import { phonePageWithKey } from './support/shared-page';
import { DEMO_DSL_SECRET, elevateWithKey, pickPupil, signInOnPhone } from './support/sign-in';
import { rootUrl, schoolUrl } from './support/urls';
import { headerMenu } from './support/header';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const COLLEAGUE = DEMO_USERS.find((u) => u.email === 'tutor7a@demo.haven.test')!;
const TITLE = `Case review ${Date.now().toString(36)}`;

test.describe.configure({ mode: 'serial', timeout: 180_000 });

let dsl: Page;
/** When the reminder falls due: 30 minutes from now, on a whole minute, so the real-time scheduler never gets there first. */
let due: Date;
/** When the event starts (the day the colleague's planner shows it; after midnight when the test runs late). */
let start: Date;
/** The linked pupil's page, `/students/<id>`. */
let pupilPath: string;

/** A London wall-clock time in the datetime-local shape. */
function londonWall(at: Date): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** `npm run job -- planner-reminders --now …`, through the running demo server's control socket. */
function runReminders(now: Date): () => Promise<string> {
  return () =>
    new Promise((resolve, reject) => {
      const child = spawn(
        'npx',
        ['tsx', '--conditions=react-server', 'scripts/cli.ts', 'job', 'planner-reminders', '--now', now.toISOString()],
        { cwd: repo, env: { ...process.env, HAVEN_DATA_DIR: process.env.HAVEN_E2E_DATA_DIR }, stdio: 'pipe' },
      );
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`job failed (${code}):\n${out}`))));
    });
}

const sentBy = (out: string) => Number(/planner-reminders: sent=(\d+)/.exec(out)?.[1] ?? 'NaN');

async function screenshots(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.screenshot({ path: testInfo.outputPath(`${name}-360.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath(`${name}-1280.png`), fullPage: true });
  await page.setViewportSize({ width: 360, height: 780 });
}

test.beforeAll(async ({ browser }) => {
  dsl = await phonePageWithKey(browser, 'dsl@demo.haven.test', DEMO_DSL_SECRET);
});

test('the DSL plans a public case review about a pupil, shared with a colleague, reminded 5 minutes before', async ({}, testInfo) => {
  start = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 35 * 60_000);
  due = new Date(start.getTime() - 5 * 60_000);
  await (await headerMenu(dsl)).getByRole('link', { name: 'Planner' }).click();
  await expect(dsl.getByRole('heading', { name: 'Planner', level: 1 })).toBeVisible();
  await dsl.getByRole('link', { name: 'New event' }).click();
  await expect(dsl.getByRole('heading', { name: 'New event' })).toBeVisible();
  await expectAccessible(dsl);

  // A missing title is answered next to the field, with what was typed kept.
  await dsl.getByLabel('Notes').fill('Bring the chronology and the attendance figures.');
  await dsl.getByRole('button', { name: 'Save event' }).click();
  await expect(dsl.getByText('Give the event a title.')).toBeVisible();
  await expect(dsl.getByLabel('Notes')).toHaveValue('Bring the chronology and the attendance figures.');

  await dsl.getByLabel('Title').fill(TITLE);
  await dsl.getByLabel('Starts').fill(londonWall(start));
  await dsl.getByLabel('Ends').fill(londonWall(new Date(start.getTime() + 30 * 60_000)));
  await dsl.getByLabel(/^Public/).check();
  await dsl.getByRole('combobox', { name: 'Share with colleagues' }).fill('amy');
  await dsl.getByRole('option', { name: COLLEAGUE.displayName }).click();
  await pickPupil(dsl, 'Linked pupils', 'zoe ob', /Zoë O'Brien/);
  await dsl.getByLabel('When').selectOption('before');
  await dsl.getByLabel('How long before').fill('5');
  await dsl.getByLabel('Unit').selectOption('minutes');
  await dsl.getByRole('button', { name: 'Save event' }).click();

  await expect(dsl.getByText('Event saved.')).toBeVisible();
  await expect(dsl.getByRole('heading', { name: TITLE })).toBeVisible();
  const eventUrl = dsl.url();
  await expect(dsl.getByText('Public event')).toBeVisible();
  await expect(dsl.getByText(COLLEAGUE.displayName)).toBeVisible();
  await expect(dsl.getByText('5 minutes before')).toBeVisible();
  await expectAccessible(dsl);
  await screenshots(dsl, testInfo, 'planner-event');

  // From the event, the pupil opens.
  const pupil = dsl.getByRole('link', { name: /^Zoë O'Brien/ });
  const pupilHref = await pupil.getAttribute('href');
  expect(pupilHref).toMatch(/^\/students\/[0-9a-f-]{36}$/);
  pupilPath = pupilHref!;

  await dsl.getByRole('link', { name: '‹ Planner' }).click();
  await expect(dsl.getByRole('list', { name: 'Timeline' })).toBeVisible();
  await expect(dsl.getByRole('link', { name: new RegExp(TITLE) })).toBeVisible();
  await expectAccessible(dsl);
  await screenshots(dsl, testInfo, 'planner-day');

  await dsl.getByRole('link', { name: 'Month' }).click();
  await expect(dsl.getByRole('list', { name: 'Events this month' })).toBeVisible();
  await expect(
    // An event that runs past midnight shows on both days.
    dsl
      .getByRole('list', { name: 'Events this month' })
      .getByRole('link', { name: new RegExp(TITLE) })
      .first(),
  ).toBeVisible();
  await expectAccessible(dsl);
  await screenshots(dsl, testInfo, 'planner-month');

  await dsl.goto(schoolUrl('demo', pupilHref!));
  await expect(dsl.getByRole('heading', { name: /Zoë O'Brien/ }).first()).toBeVisible();

  // Ahead of the meeting, the event runs the linked pupil's report (the DSL runs reports).
  await dsl.goto(eventUrl);
  await expect(dsl.getByRole('heading', { name: TITLE })).toBeVisible();
  await dsl.getByRole('link', { name: /^Run report: Zoë O'Brien/ }).click();
  await expect(dsl).toHaveURL(new RegExp(`${pupilHref}/report$`));
  await expect(dsl.getByRole('heading', { name: 'Student report', level: 2 })).toBeVisible();
  await expect(dsl.getByRole('heading', { name: /Zoë O'Brien/ }).first()).toBeVisible();
});

test('the job sends the reminder once at its time: one dashboard entry and one email, nothing from a second run', async () => {
  expect(sentBy(await runReminders(new Date(due.getTime() - 1000))())).toBe(0);
  const runs = [runReminders(new Date(due.getTime() + 1000)), runReminders(new Date(due.getTime() + 2000))];
  const outs = await Promise.all(runs.map((run) => run()));
  // The DSL and the colleague it is shared with: two reminders, sent by one of the runs.
  expect(outs.map(sentBy).sort()).toEqual([0, 2]);
  expect(sentBy(await runReminders(new Date(due.getTime() + 60_000))())).toBe(0);

  await dsl.goto(schoolUrl('demo', '/'));
  const reminders = dsl.getByRole('list', { name: 'Your reminders' });
  await expect(reminders.getByRole('listitem').filter({ hasText: TITLE })).toHaveCount(1);
  await expectAccessible(dsl);

  await dsl.goto(rootUrl('/dev/mail'));
  const mails = dsl
    .getByRole('listitem')
    .filter({ hasText: 'dsl@demo.haven.test' })
    .filter({ hasText: 'You have a reminder in Haven' });
  await expect(mails).toHaveCount(1);
  const body = await mails.locator('pre').innerText();
  expect(body).not.toContain('Case review');
  expect(body).not.toMatch(/Zo[eë]|O'Brien/);
  expect(body).toContain('/planner');

  await dsl.goto(schoolUrl('demo', '/'));
  await reminders.getByRole('listitem').filter({ hasText: TITLE }).getByRole('button', { name: 'Dismiss' }).click();
  await expect(dsl.getByRole('list', { name: 'Your reminders' })).toHaveCount(0);
});

test('"Remind me" in the header sets a private reminder about the page the DSL is on', async () => {
  await dsl.goto(schoolUrl('demo', '/planner?view=month'));
  await (await headerMenu(dsl)).locator('summary', { hasText: 'Remind me' }).click();
  await dsl.getByRole('button', { name: 'Set reminder' }).click();
  await expect(dsl.getByText('Write what to remind you of.')).toBeVisible();
  await dsl.getByLabel('Remind me to').fill('Ring the social worker back');
  await dsl.getByLabel('Date and time').fill(londonWall(new Date(Date.now() + 2 * 3_600_000)));
  await dsl.getByLabel('About this page').check();
  await dsl.getByRole('button', { name: 'Set reminder' }).click();
  await expect(dsl.getByText('Reminder set. It is in your planner too.')).toBeVisible();
  await expectAccessible(dsl);
});

test('"Add to planner" on the add-incident form saves the follow-up with the incident, or neither', async () => {
  const text = `Disclosed at lunch; follow up planned ${Date.now().toString(36)}.`;
  const day = londonWall(start).slice(0, 10);
  await dsl.goto(schoolUrl('demo', `/incidents/new?student=${pupilPath.split('/')[2]}`));
  await expect(dsl.getByRole('heading', { name: 'Add incident' })).toBeVisible();
  await dsl.getByLabel('What happened').fill(text);
  await dsl.getByRole('checkbox', { name: 'Safeguarding', exact: true }).check();
  // Folded away until asked for.
  await expect(dsl.getByLabel('Event title')).toBeHidden();
  await dsl.getByRole('checkbox', { name: 'Add to planner' }).check();
  await expect(dsl.getByLabel('Event title')).toBeVisible();
  await expectAccessible(dsl);
  // A day that cannot be read refuses the incident too, said by the field, with everything typed kept.
  await dsl.getByLabel('Event day').fill('');
  await dsl.getByRole('button', { name: 'Save incident' }).click();
  await expect(dsl.getByText('Enter the day as a date, and a time or none for all day.')).toBeVisible();
  await expect(dsl.getByLabel('What happened')).toHaveValue(text);
  await expect(dsl.getByRole('checkbox', { name: 'Add to planner' })).toBeChecked();
  await dsl.getByLabel('Event day').fill(day);
  await dsl.getByLabel(/^Time/).fill('16:00');
  await dsl.getByRole('button', { name: 'Save incident' }).click();
  await expect(dsl).toHaveURL(/done=recorded/);
  const recorded = dsl.locator(`#incident-${new URL(dsl.url()).searchParams.get('highlight')}-title`);
  const number = /#(\d+)/.exec((await recorded.textContent()) ?? '')?.[1];
  expect(number).toMatch(/^\d+$/);

  await dsl.goto(schoolUrl('demo', `/planner?view=day&date=${day}`));
  await dsl.getByRole('link', { name: new RegExp(`Follow up: incident #${number}\\b`) }).click();
  await expect(dsl.getByRole('heading', { name: `Follow up: incident #${number}` })).toBeVisible();
  await expect(dsl.getByRole('link', { name: `Incident #${number}` })).toBeVisible();
  await expect(dsl.getByRole('link', { name: /^Zoë O'Brien/ })).toBeVisible();
});

test('the shared colleague sees the event in their planner and has its reminder', async ({ browser }) => {
  const amy = await signInOnPhone(browser, COLLEAGUE.email);
  await elevateWithKey(amy, COLLEAGUE.totpSecret);
  await expect(amy.getByRole('list', { name: 'Your reminders' }).getByText(TITLE)).toBeVisible();
  await (await headerMenu(amy)).getByRole('link', { name: 'Planner' }).click();
  await amy.goto(schoolUrl('demo', `/planner?view=day&date=${londonWall(start).slice(0, 10)}`));
  await amy.getByRole('link', { name: new RegExp(TITLE) }).click();
  await expect(amy.getByRole('heading', { name: TITLE })).toBeVisible();
  // Shared, not hers: she may read it but not change it.
  await expect(amy.getByRole('link', { name: 'Edit or move' })).toHaveCount(0);
  await expectAccessible(amy);
  await amy.context().close();
});

/**
 * The core loop on a phone: a teacher without a key records a concern about
 * Zoë with two categories, a linked pupil, a body-map marker and the
 * Safeguarding team alerted; the DSL sees the alert and a content-free email,
 * uses their key, reads the incident, adds an action alerting the incident's
 * recipients and marks the alert read; the teacher reads their alert, marks it
 * read and can no longer open the record; an edit keeps both versions; a
 * delete hides it with a reason and it can be restored; a second report is
 * merged into the first by its number, an action is split out as an incident
 * of its own and another added to the linked pupil's record; the print view
 * downloads a PDF that holds the incident's text. Only a key holder using
 * their key assigns an incident.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { pdfText } from '../support/pdf';
import { expectAccessible } from './support/a11y';
import { sharedPhonePage } from './support/shared-page';
import { DEMO_DSL_SECRET, pickPupil, signInOnPhone, elevateWithKey } from './support/sign-in';
import { rootUrl, schoolUrl } from './support/urls';

const TEXT = 'Zoë said at break that she is scared to go home. She asked me not to tell anyone.';
const SECOND = 'Zoë was crying at the gate at home time and would not say why. Reported by the lunchtime supervisor.';
const ACTION = 'Spoke to Zoë with a colleague present. Referral made to Children’s Social Care.';
const ASSIGNED = 'Zoë’s attendance has dropped since half term; her mother has not replied to two calls.';

/** A GET made by the page itself (its cookies, its origin; Node cannot resolve *.localhost): status, headers, a text body. */
async function fetchFromPage(
  page: Page,
  path: string,
): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return page.evaluate(async (p) => {
    const r = await fetch(p);
    const type = r.headers.get('content-type') ?? '';
    return {
      status: r.status,
      headers: Object.fromEntries(r.headers.entries()),
      body: type.startsWith('text/') ? await r.text() : '',
    };
  }, path);
}

test.describe.configure({ mode: 'serial' });

/** The DSL, signed in and using their key once for the tests that follow them. */
const dsl = sharedPhonePage('dsl@demo.haven.test', DEMO_DSL_SECRET);
test.afterAll(() => dsl.close());

let incidentUrl = '';
let chronologyUrl = '';

/** The chronology's entry (card and options) for an incident number. */
const entry = (page: Page, number: number): Locator =>
  page
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: new RegExp(`^Incident #${number}\\b`) }) });

/** An action in the incident page's "Actions" list, by its text. */
const actionBlock = (page: Page, text: string): Locator =>
  page.getByRole('region', { name: 'Actions', exact: true }).locator(':scope > div').filter({ hasText: text });

/** The number of the teacher's incident about Zoë, the one the later tests edit, merge into and print. */
let first = 0;

test('a teacher without a key records a concern in under a minute on a phone', async ({ browser }, testInfo) => {
  const page = await signInOnPhone(browser, 'teacher@demo.haven.test');
  await page.getByRole('link', { name: 'Add incident' }).click();
  await expect(page.getByRole('heading', { name: 'Add incident' })).toBeVisible();
  await pickPupil(page, 'Pupil', 'zoe ob', /Zoë O'Brien/);
  await page.getByLabel('What happened').fill(TEXT);
  await page.getByRole('checkbox', { name: 'Safeguarding', exact: true }).check();
  await page.getByRole('checkbox', { name: 'Child-on-child abuse' }).check();
  await page.getByRole('checkbox', { name: 'Bullying', exact: true }).check();
  await pickPupil(page, 'Link a pupil', 'seun', /Seun Adeyemi/);
  await page.getByLabel('Their part').selectOption('alleged_harm');
  await page.getByRole('application', { name: /Body \(front\)/ }).click({ position: { x: 60, y: 90 } });
  await page.getByLabel(/Note for marker 1/).fill('Bruise on the upper arm');
  await page.getByRole('button', { name: /Safeguarding team/ }).click();
  await expect(page.getByRole('button', { name: /Safeguarding team/ })).toHaveAttribute('aria-pressed', 'true');
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath('add-incident-360.png'), fullPage: true });
  await page.getByRole('button', { name: 'Save incident' }).click();
  const recorded = page.getByRole('heading', { name: /Incident #\d+ is recorded/ });
  await expect(recorded).toBeVisible();
  // Numbers run per school, and other specs may have recorded incidents first.
  first = Number(/#(\d+)/.exec((await recorded.textContent()) ?? '')?.[1]);
  await expect(page.getByText(/people have been alerted/)).toBeVisible();
  // The draft kept on the device is gone once saved.
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('haven-draft:')))).toEqual([]);
  await page.context().close();
});

test('the alert email names who and which categories, and nothing about the pupil', async ({ page }) => {
  await page.goto(rootUrl('/dev/mail'));
  const body = page.locator('main');
  await expect(body).toContainText(
    'Tom Hughes has alerted you to a new incident in Safeguarding, Child-on-child abuse, Bullying',
  );
  const text = await body.innerText();
  const alertMails = text
    .split('Tom Hughes has alerted you')
    .slice(1)
    .map((s) => s.slice(0, 400));
  for (const mail of alertMails) {
    for (const secret of ['Zoë', "O'Brien", 'Seun', 'scared', 'Bruise']) expect(mail).not.toContain(secret);
  }
});

test('the DSL reads the alert with their key, adds an action alerting the incident’s people, and marks it read', async ({
  browser,
}) => {
  const page = await dsl.get(browser);
  const alerts = page.getByRole('list', { name: 'Your alerts' });
  await expect(alerts.getByText("Zoë O'Brien")).toBeVisible();
  await alerts.getByRole('link', { name: 'Incident' }).first().click();
  await expect(page.getByText(TEXT)).toBeVisible();
  await expect(page.getByText('Bruise on the upper arm')).toBeVisible();
  incidentUrl = page.url();
  await page.getByRole('link', { name: 'Add action' }).click();
  await page.getByLabel('Action taken').fill(ACTION);
  await page.getByLabel(/Also alert everyone alerted about the incident/).check();
  await page.getByRole('button', { name: 'Save action' }).click();
  await expect(page).toHaveURL(/\/students\/.+\/incidents\?highlight=/);
  chronologyUrl = `${new URL(page.url()).origin}${new URL(page.url()).pathname}`;
  await expect(page.getByText('Referral made to Children’s Social Care.', { exact: false })).toBeVisible();
  await expectAccessible(page);
  await page.goto(incidentUrl);
  await page.getByRole('button', { name: 'Mark as read' }).click();
  await expect(page).toHaveURL(schoolUrl('demo', '/?read=1'));
  await expect(page.getByRole('list', { name: 'Your alerts' })).toHaveCount(0);
});

test('the teacher reads their alert, marks it read, and can no longer open the record', async ({ browser }) => {
  const page = await signInOnPhone(browser, 'teacher@demo.haven.test');
  const alerts = page.getByRole('list', { name: 'Your alerts' });
  await expect(alerts.getByText("Zoë O'Brien")).toBeVisible();
  await alerts.getByRole('link', { name: 'Action' }).click();
  await expect(page.getByText('Referral made to Children’s Social Care.', { exact: false })).toBeVisible();
  await expect(page.getByText('Once you mark it as read, you will not be able to open it again.')).toBeVisible();
  const url = page.url();
  await page.getByRole('button', { name: 'Mark as read' }).click();
  await expect(page).toHaveURL(schoolUrl('demo', '/?read=1'));
  const response = await page.goto(url);
  expect(response?.status()).toBe(404);
  await expect(page.getByText(TEXT)).toHaveCount(0);
  // The print view answers exactly as the page does.
  const print = await fetchFromPage(page, `${new URL(url).pathname}/print`);
  expect(print.status).toBe(404);
  expect(print.body).not.toContain('Zoë');
  await page.context().close();
});

test('an editor edits (history keeps both versions), deletes with a reason and restores', async ({ browser }) => {
  const page = await dsl.get(browser);
  await page.goto(incidentUrl);
  await page.getByRole('link', { name: 'Edit', exact: true }).click();
  await page.getByLabel('What happened').fill(`${TEXT} (Time corrected with the teacher.)`);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('(Time corrected with the teacher.)')).toBeVisible();
  await page.goto(`${incidentUrl}/history`);
  await expect(page.getByText('Version 2 (current)')).toBeVisible();
  await expect(page.getByText(/Version 1 · saved .* by Tom Hughes/)).toBeVisible();
  await page.goto(`${incidentUrl}/delete`);
  await page.getByLabel('Why is it being deleted?').fill('Duplicate of another report');
  await page.getByRole('button', { name: 'Delete incident' }).click();
  await expect(page.getByText('Deleted on')).toBeVisible();
  await expect(page.getByText('Duplicate of another report')).toBeVisible();
  await page.getByRole('button', { name: 'Restore' }).click();
  await expect(page.getByText('Deleted on')).toHaveCount(0);
});

test('an editor merges a second report into the first: number, preview, confirm', async ({ browser }) => {
  const page = await dsl.get(browser);
  await page.getByRole('link', { name: 'Add incident' }).click();
  await pickPupil(page, 'Pupil', 'zoe ob', /Zoë O'Brien/);
  await page.getByLabel('What happened').fill(SECOND);
  await page.getByRole('checkbox', { name: 'Safeguarding', exact: true }).check();
  await page.getByRole('button', { name: 'Save incident' }).click();
  // A key holder using their key lands on the chronology with the new incident highlighted.
  await expect(page).toHaveURL(/done=recorded/);
  await expect(page.getByText('The incident is recorded. It is highlighted below.')).toBeVisible();
  const recorded = page.locator(`#incident-${new URL(page.url()).searchParams.get('highlight')}-title`);
  await expect(recorded).toContainText(/Incident #\d+/);
  const second = Number(/#(\d+)/.exec((await recorded.textContent()) ?? '')?.[1]);

  await page.goto(chronologyUrl);
  await entry(page, second).getByRole('link', { name: 'Merge' }).click();
  await expect(page.getByRole('heading', { name: new RegExp(`Merge · incident #${second}`) })).toBeVisible();
  const number = page.getByLabel('Merge into incident number');
  // A wrong number is said next to the box, and nothing is merged.
  await number.fill('abc');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByText('Enter the number of the incident to merge into, e.g. 1042.')).toBeVisible();
  await page.getByLabel('Merge into incident number').fill('99999');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByText('There is no incident #99999 you can merge into.')).toBeVisible();
  await page.getByLabel('Merge into incident number').fill(`#${first}`);
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByRole('heading', { name: `Incident #${first} · Zoë O'Brien` })).toBeVisible();
  await expect(page.getByText('(Time corrected with the teacher.)')).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: `Merge into #${first}` }).click();

  await expect(page.getByRole('status').filter({ hasText: 'The incidents are merged.' })).toBeVisible();
  // The second report now lives on as an action under the first, and is no longer an incident of its own.
  await expect(
    entry(page, first)
      .getByRole('region', { name: `Actions on incident #${first}` })
      .getByText(SECOND),
  ).toBeVisible();
  await expect(entry(page, second)).toHaveCount(0);
  await entry(page, first).getByRole('button', { name: 'Pin post' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The incident is pinned to the top.' })).toBeVisible();
  await expect(entry(page, first).getByText('Pinned', { exact: true })).toBeVisible();
});

test('an editor splits an action out as an incident and adds another to the linked pupil’s record', async ({
  browser,
}, testInfo) => {
  const page = await dsl.get(browser);
  await page.goto(chronologyUrl);
  await entry(page, first).getByRole('link', { name: 'Open' }).click();
  await expect(page).toHaveURL(incidentUrl);

  const merged = actionBlock(page, SECOND);
  await merged.getByText('Action options').click();
  // The DSL's action was saved on Zoë's record only: Seun's copy of it is offered.
  const spoke = actionBlock(page, ACTION);
  await spoke.getByText('Action options').click();
  await expect(spoke.getByRole('heading', { name: 'Add to linked incidents' })).toBeVisible();
  await expect(spoke.getByText(/Seun Adeyemi · incident #\d+ \(alleged to have caused harm\)/)).toBeVisible();
  await expectAccessible(page);
  await spoke.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('action-options-360.png') });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: testInfo.outputPath('action-options-1280.png'), fullPage: true });
  await page.setViewportSize({ width: 360, height: 780 });

  await merged.getByRole('checkbox', { name: 'Behaviour', exact: true }).check();
  await merged.getByRole('button', { name: 'Split as incident' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The action is now an incident of its own.' })).toBeVisible();
  const created = page.locator(`#incident-${new URL(page.url()).searchParams.get('highlight')}`);
  await expect(created.getByText(SECOND)).toBeVisible();
  await expect(created.getByText('Behaviour', { exact: true })).toBeVisible();

  await page.goto(incidentUrl);
  await expect(actionBlock(page, SECOND).getByText(/Split into incident #\d+\./)).toBeVisible();
  const again = actionBlock(page, ACTION);
  await again.getByText('Action options').click();
  await again.getByRole('button', { name: 'Add to linked incidents' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'The action is added to the linked pupils’ records.' }),
  ).toBeVisible();
  await page.goto(incidentUrl);
  await actionBlock(page, ACTION).getByText('Action options').click();
  await expect(actionBlock(page, ACTION).getByRole('heading', { name: 'Add to linked incidents' })).toHaveCount(0);
});

test('the print view downloads a PDF of the incident and its actions', async ({ browser }, testInfo) => {
  const page = await dsl.get(browser);
  await page.goto(incidentUrl);
  await page.getByRole('link', { name: 'Print (PDF)' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('incident-options-360.png') });
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Print (PDF)' }).click();
  const download = await downloading;
  // A neutral name: the incident's number, never the pupil's.
  expect(download.suggestedFilename()).toBe(`incident-${first}.pdf`);
  const file = testInfo.outputPath(`incident-${first}.pdf`);
  await download.saveAs(file);
  const text = pdfText(readFileSync(file)).replace(/\s+/g, ' ');
  expect(text).toContain(`${TEXT} (Time corrected with the teacher.)`);
  expect(text).toContain(ACTION);
  expect(text).toContain("Zoë O'Brien");
  expect(text).toContain('CONFIDENTIAL');
  expect(text).toMatch(/Printed by .+ on \d{1,2} \w{3} \d{4}/);
  expect(text).toContain('Page 1 of 1');

  const response = await fetchFromPage(page, `${new URL(incidentUrl).pathname}/print`);
  expect(response.status).toBe(200);
  expect(response.headers).toMatchObject({
    'content-type': 'application/pdf',
    'content-disposition': `attachment; filename="incident-${first}.pdf"`,
    'x-content-type-options': 'nosniff',
    'cache-control': expect.stringContaining('no-store'),
  });
});

test('only a key holder using their key assigns: no “Assign to” without the key, and with it the assignee sees it in “My assigned”', async ({
  browser,
}) => {
  const page = await signInOnPhone(browser, 'dsl@demo.haven.test');
  // Sign-in asks the DSL for their key; they record a concern without it first.
  await expect(page).toHaveURL(schoolUrl('demo', '/elevate'));
  await page.goto(schoolUrl('demo', '/incidents/new'));
  await expect(page.getByRole('heading', { name: 'Add incident' })).toBeVisible();
  await expect(page.getByLabel('What happened')).toBeVisible();
  await expect(page.getByLabel('Assign to')).toHaveCount(0);

  await page.goto(schoolUrl('demo', '/elevate'));
  await elevateWithKey(page);
  await page.goto(schoolUrl('demo', '/incidents/new'));
  const assign = page.getByLabel('Assign to');
  await expect(assign).toBeVisible();
  // Key holders only: a teacher is never offered.
  await expect(assign.getByRole('option', { name: /Tom Hughes/ })).toHaveCount(0);
  await pickPupil(page, 'Pupil', 'zoe ob', /Zoë O'Brien/);
  await page.getByLabel('What happened').fill(ASSIGNED);
  await page.getByRole('checkbox', { name: 'Safeguarding', exact: true }).check();
  await assign.selectOption({ label: 'David Okafor (DSL)' });
  await page.getByRole('button', { name: 'Save incident' }).click();
  await expect(page).toHaveURL(/done=recorded/);
  const recorded = page.locator(`#incident-${new URL(page.url()).searchParams.get('highlight')}`);
  await expect(recorded.getByText(ASSIGNED)).toBeVisible();
  await expect(recorded.getByText('Assigned to:')).toBeVisible();
  await expect(recorded.getByText('David Okafor', { exact: true })).toBeVisible();

  await page.goto(schoolUrl('demo', '/'));
  const mine = page.getByRole('region', { name: /My assigned/ });
  await expect(mine.getByRole('link', { name: /Zoë O'Brien/ })).toHaveCount(1);
  await page.context().close();
});

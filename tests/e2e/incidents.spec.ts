/**
 * The core loop on a phone: a teacher without a key records a concern about
 * Zoë with two categories, a linked pupil, a body-map marker and the
 * Safeguarding team alerted; the DSL sees the alert and a content-free email,
 * uses their key, reads the incident, adds an action alerting the incident's
 * recipients and marks the alert read; the teacher reads their alert, marks it
 * read and can no longer open the record; an edit keeps both versions; a
 * delete hides it with a reason and it can be restored.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../../db/seed/demo-users';
import { expectAccessible } from './support/a11y';
import { nextTotpStep, totpNow } from './support/totp';
import { rootUrl, schoolUrl } from './support/urls';

const DSL_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const TEXT = 'Zoë said at break that she is scared to go home. She asked me not to tell anyone.';

async function signIn(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 360, height: 780 } });
  const page = await context.newPage();
  await page.goto(schoolUrl('demo', '/login'));
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return page;
}

async function elevate(page: Page): Promise<void> {
  await expect(page).toHaveURL(schoolUrl('demo', '/elevate'));
  await nextTotpStep();
  await page.getByLabel('Code from your authenticator app').fill(totpNow(DSL_SECRET));
  await page.getByRole('button', { name: 'Use key' }).click();
  await expect(page.getByRole('banner').getByText('Using your key')).toBeVisible();
}

/** Picks a pupil in a combobox, waiting while the demo's first import is still arriving. */
async function pick(page: Page, box: string, query: string, name: RegExp): Promise<void> {
  const input = page.getByRole('combobox', { name: box, exact: true });
  await expect(async () => {
    await input.fill('');
    await input.fill(query);
    await expect(page.getByRole('option', { name })).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 90_000 });
  await page.getByRole('option', { name }).click();
}

test.describe.configure({ mode: 'serial' });

let incidentUrl = '';

test('a teacher without a key records a concern in under a minute on a phone', async ({ browser }, testInfo) => {
  const page = await signIn(browser, 'teacher@demo.haven.test');
  await page.getByRole('link', { name: 'Add incident' }).click();
  await expect(page.getByRole('heading', { name: 'Add incident' })).toBeVisible();
  await pick(page, 'Pupil', 'zoe ob', /Zoë O'Brien/);
  await page.getByLabel('What happened').fill(TEXT);
  await page.getByRole('checkbox', { name: 'Safeguarding', exact: true }).check();
  await page.getByRole('checkbox', { name: 'Child-on-child abuse' }).check();
  await page.getByRole('checkbox', { name: 'Bullying', exact: true }).check();
  await pick(page, 'Link a pupil', 'seun', /Seun Adeyemi/);
  await page.getByLabel('Their part').selectOption('alleged_harm');
  await page.getByRole('application', { name: /Body \(front\)/ }).click({ position: { x: 60, y: 90 } });
  await page.getByLabel(/Note for marker 1/).fill('Bruise on the upper arm');
  await page.getByRole('button', { name: /Safeguarding team/ }).click();
  await expect(page.getByRole('button', { name: /Safeguarding team/ })).toHaveAttribute('aria-pressed', 'true');
  await expectAccessible(page);
  await page.screenshot({ path: testInfo.outputPath('add-incident-360.png'), fullPage: true });
  await page.getByRole('button', { name: 'Save incident' }).click();
  await expect(page.getByRole('heading', { name: /Incident #\d+ is recorded/ })).toBeVisible();
  await expect(page.getByText(/people have been alerted/)).toBeVisible();
  // The draft kept on the device is gone once saved.
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('haven-draft:')))).toEqual([]);
  await page.context().close();
});

test('the alert email names who and which categories, and nothing about the pupil', async ({ page }) => {
  await page.goto(rootUrl('/dev/mail'));
  const body = page.locator('main');
  await expect(body).toContainText('Tom Hughes has alerted you to a new incident in Safeguarding, Child-on-child abuse, Bullying');
  const text = await body.innerText();
  const alertMails = text.split('Tom Hughes has alerted you').slice(1).map((s) => s.slice(0, 400));
  for (const mail of alertMails) {
    for (const secret of ['Zoë', "O'Brien", 'Seun', 'scared', 'Bruise']) expect(mail).not.toContain(secret);
  }
});

test('the DSL reads the alert with their key, adds an action alerting the incident’s people, and marks it read', async ({ browser }) => {
  const page = await signIn(browser, 'dsl@demo.haven.test');
  await elevate(page);
  const alerts = page.getByRole('list', { name: 'Your alerts' });
  await expect(alerts.getByText("Zoë O'Brien")).toBeVisible();
  await alerts.getByRole('link', { name: 'Incident' }).first().click();
  await expect(page.getByText(TEXT)).toBeVisible();
  await expect(page.getByText('Bruise on the upper arm')).toBeVisible();
  incidentUrl = page.url();
  await page.getByRole('link', { name: 'Add action' }).click();
  await page.getByLabel('Action taken').fill('Spoke to Zoë with a colleague present. Referral made to Children’s Social Care.');
  await page.getByLabel(/Also alert everyone alerted about the incident/).check();
  await page.getByRole('button', { name: 'Save action' }).click();
  await expect(page).toHaveURL(/\/students\/.+\/incidents\?highlight=/);
  await expect(page.getByText('Referral made to Children’s Social Care.', { exact: false })).toBeVisible();
  await expectAccessible(page);
  await page.goto(incidentUrl);
  await page.getByRole('button', { name: 'Mark as read' }).click();
  await expect(page).toHaveURL(schoolUrl('demo', '/?read=1'));
  await expect(page.getByRole('list', { name: 'Your alerts' })).toHaveCount(0);
  await page.context().close();
});

test('the teacher reads their alert, marks it read, and can no longer open the record', async ({ browser }) => {
  const page = await signIn(browser, 'teacher@demo.haven.test');
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
  await page.context().close();
});

test('an editor edits (history keeps both versions), deletes with a reason and restores', async ({ browser }) => {
  const page = await signIn(browser, 'dsl@demo.haven.test');
  await elevate(page);
  await page.goto(incidentUrl);
  await page.getByRole('link', { name: 'Edit' }).click();
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
  await page.context().close();
});

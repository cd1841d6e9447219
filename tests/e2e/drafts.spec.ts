/**
 * Nothing typed is lost: the add-incident and add-action forms keep what was
 * typed on the device until the record is saved — through a closed tab, a
 * reload and signing out and in again — and forget it once it is saved. A key
 * holder who saves an incident lands on the pupil's chronology with it
 * highlighted.
 */
import { expect, test } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { phonePageWithKey } from './support/shared-page';
import { DEMO_DSL_SECRET, draftsOnDevice, pickPupil, signInOn, signInOnPhone } from './support/sign-in';
import { schoolUrl } from './support/urls';
import { headerMenu } from './support/header';

test.describe.configure({ mode: 'serial' });

const TEXT =
  'Grace told me that someone in her class keeps taking her lunch money.\nIt has happened three times this week.';

test('a half-written incident survives a closed tab and signing in again, until the teacher starts again', async ({
  browser,
}) => {
  const page = await signInOnPhone(browser, 'teacher@demo.haven.test');
  await page.getByRole('link', { name: 'Add incident' }).click();
  await pickPupil(page, 'Pupil', 'taylor-jones', /Grac(e|ie) Taylor-Jones/);
  await page.getByLabel('What happened').fill(TEXT);
  await page.getByRole('checkbox', { name: 'Bullying', exact: true }).check();

  // The tab is closed mid-sentence; another tab opens the form again.
  const context = page.context();
  await page.close();
  const again = await context.newPage();
  await again.goto(schoolUrl('demo', '/incidents/new'));
  await expect(again.getByText('We kept what you typed last time on this device.')).toBeVisible();
  await expect(again.getByLabel('What happened')).toHaveValue(TEXT);
  await expect(again.getByRole('checkbox', { name: 'Bullying', exact: true })).toBeChecked();

  // Signed out (as an expired session would be) and in again: still there.
  await again.goto(schoolUrl('demo', '/'));
  await (await headerMenu(again)).getByRole('button', { name: 'Sign out' }).click();
  await expect(again.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await signInOn(again, 'teacher@demo.haven.test');
  await again.getByRole('link', { name: 'Add incident' }).click();
  await expect(again.getByLabel('What happened')).toHaveValue(TEXT);
  await expectAccessible(again);

  await again.getByRole('button', { name: 'start again' }).click();
  await expect(again.getByLabel('What happened')).toHaveValue('');
  await expect(again.getByText('We kept what you typed last time on this device.')).toHaveCount(0);
  expect(await draftsOnDevice(again)).toEqual([]);
  await context.close();
});

test('a key holder saves an incident onto the chronology, and a half-written action survives a reload until saved', async ({
  browser,
}) => {
  const page = await phonePageWithKey(browser, 'dsl@demo.haven.test', DEMO_DSL_SECRET);
  await page.getByRole('link', { name: 'Add incident' }).click();
  await pickPupil(page, 'Pupil', 'taylor-jones', /Grac(e|ie) Taylor-Jones/);
  await page.getByLabel('What happened').fill(TEXT);
  await page.getByRole('checkbox', { name: 'Bullying', exact: true }).check();
  await page.getByRole('button', { name: 'Save incident' }).click();

  await expect(page).toHaveURL(/\/students\/[0-9a-f-]+\/incidents\?highlight=[0-9a-f-]+&done=recorded/);
  await expect(page.getByText('The incident is recorded. It is highlighted below.')).toBeVisible();
  await expect(page.getByText('It has happened three times this week.')).toBeVisible();
  expect(await draftsOnDevice(page)).toEqual([]);

  const highlighted = new URL(page.url()).searchParams.get('highlight')!;
  await page.goto(schoolUrl('demo', `/incidents/${highlighted}/action`));
  await page
    .getByLabel('Action taken')
    .fill('Spoke to Grace and her form tutor; lunch will be paid by card from Monday.');
  await page.reload();
  await expect(page.getByText('We kept what you typed last time on this device.')).toBeVisible();
  await expect(page.getByLabel('Action taken')).toHaveValue(
    'Spoke to Grace and her form tutor; lunch will be paid by card from Monday.',
  );
  expect(await draftsOnDevice(page)).toHaveLength(1);

  await page.getByRole('button', { name: 'Save action' }).click();
  await expect(page).toHaveURL(/done=action/);
  await expect(page.getByText('lunch will be paid by card from Monday.', { exact: false })).toBeVisible();
  await expect.poll(() => draftsOnDevice(page)).toEqual([]);
  await page.context().close();
});

test('the same add-incident request sent twice records one incident, and answers both times the same', async ({
  browser,
}) => {
  const page = await signInOnPhone(browser, 'teacher@demo.haven.test');
  await page.getByRole('link', { name: 'Add incident' }).click();
  await pickPupil(page, 'Pupil', 'taylor-jones', /Grac(e|ie) Taylor-Jones/);
  await page.getByLabel('What happened').fill('Grace said her phone was taken from her bag at lunch.');
  await page.getByRole('checkbox', { name: 'Bullying', exact: true }).check();
  const sent = page.waitForRequest((r) => r.method() === 'POST' && Boolean(r.headers()['next-action']));
  await page.getByRole('button', { name: 'Save incident' }).click();
  const request = await sent;
  const heading = page.getByRole('heading', { name: /Incident #\d+ is recorded/ });
  await expect(heading).toBeVisible();
  const number = Number(/#(\d+)/.exec((await heading.textContent()) ?? '')?.[1]);
  expect(number).toBeGreaterThan(0);

  // The answer was lost on the way (a dropped connection): the browser sends the very same request again.
  const headers = Object.fromEntries(
    Object.entries(request.headers()).filter(([k]) =>
      ['accept', 'content-type', 'next-action', 'next-router-state-tree'].includes(k),
    ),
  );
  const replayed = await page.evaluate(
    async ({ url, headers, body }) => (await fetch(url, { method: 'POST', headers, body })).text(),
    { url: request.url(), headers, body: request.postData() ?? '' },
  );
  expect(replayed).toContain(`Incident #${number} is recorded.`);

  // Nothing was written the second time: the next incident takes the very next number.
  await page.getByRole('button', { name: 'Add another incident' }).click();
  await pickPupil(page, 'Pupil', 'taylor-jones', /Grac(e|ie) Taylor-Jones/);
  await page.getByLabel('What happened').fill('Grace said the phone was returned by a classmate.');
  await page.getByRole('checkbox', { name: 'Bullying', exact: true }).check();
  await page.getByRole('button', { name: 'Save incident' }).click();
  await expect(page.getByRole('heading', { name: `Incident #${number + 1} is recorded` })).toBeVisible();
  await page.context().close();
});

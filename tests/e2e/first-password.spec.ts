import { expect, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../../db/seed/demo-users';
import { expectAccessible } from './support/a11y';
import { freshTotp } from './support/totp';
import { rootUrl, schoolUrl } from './support/urls';
import { headerMenu } from './support/header';

const DSL_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

async function elevatedAdmin(page: Page) {
  await page.goto(schoolUrl('demo', '/login'));
  await page.getByLabel('Email address').fill('dsl@demo.haven.test');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(schoolUrl('demo', '/elevate'));
  await page.getByLabel('Code from your authenticator app').fill(await freshTotp(DSL_SECRET));
  await page.getByRole('button', { name: 'Use key' }).click();
  await expect(page.getByRole('banner').getByText('Using your key')).toBeVisible();
}

/** The link in the newest "set your password" email to `to`, as listed by the development mailbox. */
async function linkFromMailbox(page: Page, to: string): Promise<string> {
  await page.goto(rootUrl('/dev/mail'));
  const message = page
    .getByRole('listitem')
    .filter({ hasText: to })
    .filter({ hasText: 'Set your Haven password' })
    .first();
  await expect(message).toBeVisible();
  const body = await message.locator('pre').innerText();
  expect(body).not.toMatch(/pupil|incident/i); // the email says nothing about records
  return /https?:\/\/\S+reset-password\?token=[A-Za-z0-9_-]+/.exec(body)![0];
}

test('an admin adds a person, who sets a password from the emailed link, signs in without a key, adds an authenticator app and elevates', async ({
  page,
  browser,
}) => {
  test.setTimeout(150_000); // two waits for a fresh 30-second authenticator step
  const email = `nadia.newcomer.${Date.now()}@demo.haven.test`;
  await elevatedAdmin(page);
  await (await headerMenu(page)).getByRole('link', { name: 'Administration' }).click();
  await page.getByRole('link', { name: 'Users', exact: true }).click();
  await page.getByRole('link', { name: 'New user' }).click();
  await expect(page.getByRole('heading', { name: 'New user' })).toBeVisible();
  const form = page.getByRole('region', { name: 'Someone not in the MIS' });
  await form.getByLabel('Name', { exact: true }).fill('Nadia Newcomer');
  await form.getByLabel('Email address').fill(email);
  await form.getByLabel('User group').selectOption({ label: 'Pastoral' });
  await form.getByRole('button', { name: 'Add user' }).click();
  await expect(
    page.getByText('Nadia Newcomer is added, and we have emailed them a link to set their password'),
  ).toBeVisible();

  // Nadia, on her own phone.
  const phone = await browser.newContext({ viewport: { width: 360, height: 780 } });
  const nadia = await phone.newPage();
  const link = await linkFromMailbox(nadia, email);
  await nadia.goto(link);
  await expect(nadia.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await expectAccessible(nadia);
  await nadia.getByLabel('New password').fill('password1234');
  await nadia.getByLabel('Type it again').fill('password1234');
  await nadia.getByRole('button', { name: 'Set password' }).click();
  await expect(nadia.getByText('Choose a different password.')).toBeVisible();
  const password = 'tangerine lighthouse gravel sonnet';
  await nadia.getByLabel('New password').fill(password);
  await nadia.getByLabel('Type it again').fill(password);
  await nadia.getByRole('button', { name: 'Set password' }).click();
  await expect(nadia).toHaveURL(schoolUrl('demo', '/login?password=set'));
  await expect(nadia.getByText('Your password is set. Sign in with it now.')).toBeVisible();

  // The link worked once.
  await nadia.goto(link);
  await expect(nadia.getByText('This link has expired or has already been used.')).toBeVisible();

  await nadia.goto(schoolUrl('demo', '/login'));
  await nadia.getByLabel('Email address').fill(email);
  await nadia.getByLabel('Password').fill(password);
  await nadia.getByRole('button', { name: 'Sign in' }).click();
  await expect(nadia.getByRole('heading', { name: 'Hello, Nadia' })).toBeVisible();
  await expect(nadia.getByRole('banner').getByText('Without key')).toBeVisible();

  await nadia.getByRole('link', { name: 'Add a key' }).click();
  await nadia.getByRole('button', { name: 'Add new device' }).click();
  const secret = (await nadia.getByTestId('totp-secret').innerText()).replace(/\s+/g, '');
  await nadia.getByLabel('Name this device').fill('Nadia’s phone');
  await nadia.getByLabel('Code shown in the app').fill(await freshTotp(secret));
  await nadia.getByRole('button', { name: 'Add device' }).click();
  await expect(nadia.getByText('Your authenticator app is added.')).toBeVisible();

  await nadia.getByRole('banner').getByRole('link', { name: 'Elevate your access' }).click();
  await nadia.getByLabel('Code from your authenticator app').fill(await freshTotp(secret));
  await nadia.getByRole('button', { name: 'Use key' }).click();
  await expect(nadia.getByRole('banner').getByText('Using your key')).toBeVisible();
  await phone.close();
});

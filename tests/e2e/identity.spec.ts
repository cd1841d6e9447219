import { expect, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../../db/seed/demo-users';
import { expectAccessible } from './support/a11y';
import { freshTotp } from './support/totp';
import { schoolUrl } from './support/urls';
import { headerMenu } from './support/header';

async function signIn(page: Page, slug: string, email: string, password = DEMO_PASSWORD) {
  await page.goto(schoolUrl(slug, '/'));
  await expect(page).toHaveURL(schoolUrl(slug, '/login'));
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('a teacher signs in without a key and can sign out', async ({ page }) => {
  await signIn(page, 'demo', 'teacher@demo.haven.test');
  await expect(page.getByRole('heading', { name: 'Hello, Tom' })).toBeVisible();
  await expect(page.getByRole('banner').getByText('Without key')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Elevate your access' })).toHaveCount(0);
  await expectAccessible(page);
  await (await headerMenu(page)).getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(schoolUrl('demo', '/login'));
  await page.goto(schoolUrl('demo', '/account/security'));
  await expect(page).toHaveURL(schoolUrl('demo', '/login'));
});

test('on a phone whose script has not loaded yet, signing in is a plain form post and still works', async ({
  browser,
}) => {
  // A form posted by the browser itself carries the page's Origin only if the referrer policy allows it
  // for the same site; with none at all it would be `Origin: null` and the Origin check would refuse it.
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 780 } });
  const page = await context.newPage();
  await signIn(page, 'demo', 'teacher@demo.haven.test');
  await expect(page.getByRole('heading', { name: 'Hello, Tom' })).toBeVisible();
  await context.close();
});

test('a wrong password gets one neutral message and keeps the email typed', async ({ page }) => {
  await signIn(page, 'demo', 'teacher@demo.haven.test', 'not the password at all');
  await expect(page.getByText('The email address or password is not right. Check them and try again.')).toBeVisible();
  await expect(page.getByLabel('Email address')).toHaveValue('teacher@demo.haven.test');
  await expectAccessible(page);
  // An address that does not exist here gets exactly the same answer.
  await signIn(page, 'demo', 'nobody@demo.haven.test', 'not the password at all');
  await expect(page.getByText('The email address or password is not right. Check them and try again.')).toBeVisible();
});

test('a DSL is asked for their key at sign-in, elevates with an authenticator code, and a reused code is refused', async ({
  page,
  browser,
}) => {
  const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
  await signIn(page, 'demo', 'dsl@demo.haven.test');
  await expect(page).toHaveURL(schoolUrl('demo', '/elevate'));
  await expect(page.getByRole('heading', { name: 'Elevate your access' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Code from your authenticator app').fill('000000');
  await page.getByRole('button', { name: 'Use key' }).click();
  await expect(page.getByText('That code is not right.').first()).toBeVisible();

  const code = await freshTotp(secret);
  await page.getByLabel('Code from your authenticator app').fill(code);
  await page.getByRole('button', { name: 'Use key' }).click();
  await expect(page.getByRole('banner').getByText('Using your key')).toBeVisible();
  await expect(page.getByRole('banner').getByText('Using your key')).toBeVisible();

  // The same code, from a second browser session, is a replay.
  const other = await browser.newContext({ viewport: { width: 360, height: 780 } });
  const page2 = await other.newPage();
  await signIn(page2, 'demo', 'dsl@demo.haven.test');
  await page2.getByLabel('Code from your authenticator app').fill(code);
  await page2.getByRole('button', { name: 'Use key' }).click();
  await expect(page2.getByText('That code has already been used.').first()).toBeVisible();
  await other.close();
});

test('a head of year adds an authenticator app from the shown secret and elevates with it', async ({ page }) => {
  await signIn(page, 'demo', 'hoy@demo.haven.test');
  await expect(page.getByRole('heading', { name: 'Hello, Ben' })).toBeVisible();
  await page.getByRole('link', { name: 'Add a key' }).click();
  await expect(page.getByRole('heading', { name: 'Security keys' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Add new device' }).click();
  await expect(page.getByRole('heading', { name: 'Add an authenticator app' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
  await expectAccessible(page);
  const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s+/g, '');
  expect(secret.length).toBeGreaterThanOrEqual(32); // ≥ 160 bits in base32

  await page.getByLabel('Name this device').fill('Ben’s phone');
  await page.getByLabel('Code shown in the app').fill('123');
  await page.getByRole('button', { name: 'Add device' }).click();
  await expect(page.getByText('Enter the 6-digit code from your authenticator app.')).toBeVisible();
  await expect(page.getByLabel('Name this device')).toHaveValue('Ben’s phone');

  await page.getByLabel('Code shown in the app').fill(await freshTotp(secret));
  await page.getByRole('button', { name: 'Add device' }).click();
  await expect(page.getByText('Your authenticator app is added.')).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: 'Ben’s phone' })).toBeVisible();
  // Now a key holder: changing keys needs the key in use.
  await expect(page.getByRole('button', { name: 'Remove Ben’s phone' })).toHaveCount(0);
  await expect(page.getByText('To add or remove a key, first')).toBeVisible();

  await page.getByRole('link', { name: 'Elevate your access' }).first().click();
  await page.getByLabel('Code from your authenticator app').fill(await freshTotp(secret));
  await page.getByRole('button', { name: 'Use key' }).click();
  await expect(page.getByRole('banner').getByText('Using your key')).toBeVisible();
  await page.goto(schoolUrl('demo', '/account/security'));
  await expect(page.getByRole('button', { name: 'Remove Ben’s phone' })).toBeVisible();
});

test('the session cookie is host-only: one school never receives another school’s session', async ({
  page,
  context,
}) => {
  await signIn(page, 'demo', 'teacher@demo.haven.test');
  await expect(page.getByRole('heading', { name: 'Hello, Tom' })).toBeVisible();
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === '__Host-haven-session');
  expect(session).toMatchObject({ domain: 'demo.localhost', path: '/', httpOnly: true, secure: true, sameSite: 'Lax' });
  expect(session!.value.length).toBeGreaterThanOrEqual(43); // 256 random bits, base64url
  await page.goto(schoolUrl('northfield', '/'));
  await expect(page).toHaveURL(schoolUrl('northfield', '/login'));
});

/**
 * Security keys and passkeys in Chromium with a CDP virtual authenticator: a
 * DSL who has an authenticator app uses it, adds a security key, signs out,
 * and next time elevates with the key.
 *
 * Runs against its own demo server on the root domain haven.localhost (see
 * support/demo-server.ts for why WebAuthn cannot run on the shared server's
 * bare "localhost" root). The Northfield DSL is used because no other spec
 * changes them.
 */
import { expect, test, type CDPSession, type Page } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_USERS } from '../../db/seed/demo-users';
import { expectAccessible } from './support/a11y';
import { startDemoServer, type DemoServer } from './support/demo-server';
import { freshTotp } from './support/totp';
import { headerMenu } from './support/header';

const dsl = DEMO_USERS.find((u) => u.email === 'dsl@northfield.haven.test')!;
const port = Number(process.env.E2E_PORT ?? 3217) + 1;
let server: DemoServer;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  server = await startDemoServer({ port, rootHost: 'haven.localhost' });
});
test.afterAll(async () => {
  await server?.stop();
});

const url = (p = '/') => server.schoolUrl('northfield', p);

async function signIn(page: Page) {
  await page.goto(url('/'));
  await expect(page).toHaveURL(url('/login'));
  await page.getByLabel('Email address').fill(dsl.email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function addVirtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

test('a DSL adds a security key and elevates with it next time', async ({ page }) => {
  const { cdp, authenticatorId } = await addVirtualAuthenticator(page);
  const banner = page.getByRole('banner');

  // A key holder is asked for their key at once; so far they have only an authenticator app.
  await signIn(page);
  await expect(page).toHaveURL(url('/elevate'));
  await expect(page.getByRole('button', { name: 'Use security key or passkey' })).toHaveCount(0);
  await page.getByLabel('Code from your authenticator app').fill(await freshTotp(dsl.totpSecret!));
  await page.getByRole('button', { name: 'Use key' }).click();
  await expect(banner.getByText('Using your key')).toBeVisible();

  await (await headerMenu(page)).getByRole('link', { name: 'Security keys' }).click();
  await expect(page.getByRole('heading', { name: 'Add a security key or passkey' })).toBeVisible();
  await expectAccessible(page);

  // A name is needed before the browser is asked for anything.
  await page.getByRole('button', { name: 'Add security key or passkey' }).click();
  await expect(page.getByText('Give this key a name, e.g. “Desk key”.')).toBeVisible();
  await expectAccessible(page);

  // The person does not confirm on the key: a clear message, and what they typed is kept.
  await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false });
  await page.getByLabel('Name this key').fill('Desk key');
  await page.getByRole('button', { name: 'Add security key or passkey' }).click();
  await expect(page.getByText('You cancelled, or the key did not respond. Try again.')).toBeVisible();
  await expect(page.getByLabel('Name this key')).toHaveValue('Desk key');
  await expectAccessible(page);
  await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: true });

  await page.getByRole('button', { name: 'Add security key or passkey' }).click();
  await expect(page.getByText('Your security key or passkey is added.')).toBeVisible();
  const deskKey = page.getByRole('listitem').filter({ hasText: 'Desk key' });
  await expect(deskKey).toContainText('Security key or passkey');
  await expect(deskKey.getByRole('button', { name: 'Remove Desk key' })).toBeVisible();
  await expectAccessible(page);
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  expect(credentials.map((c) => c.rpId)).toEqual(['haven.localhost']);

  await (await headerMenu(page)).getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(url('/login'));

  // Next time the elevate page offers both kinds of key; the security key is used.
  await signIn(page);
  await expect(page).toHaveURL(url('/elevate'));
  await expect(banner.getByText('Without key')).toBeVisible();
  await expect(page.getByLabel('Code from your authenticator app')).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Use security key or passkey' }).click();
  await expect(page).toHaveURL(url('/'));
  await expect(banner.getByText('Using your key')).toBeVisible();
  await expect(page.getByRole('banner').getByText('Using your key')).toBeVisible();
  await expectAccessible(page);
  const after = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  expect(after.credentials[0]!.signCount).toBeGreaterThan(0);
});

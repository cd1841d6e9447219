/**
 * Sign-in with the school's Google account against the local OpenID Connect
 * provider that playwright.config.ts starts: Northfield's DSL allows Google
 * for the school's domain in Admin → School settings; the DSL then signs in
 * with Google and is still asked for their key; an unknown address and an
 * unverified one get the neutral refusal; the demo school, which has not
 * allowed it, offers no button and refuses the start. Google is switched off
 * again at the end.
 */
import { expect, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../../db/seed/demo-users';
import { E2E } from '../../playwright.config';
import { freshTotp } from './support/totp';
import { schoolUrl } from './support/urls';

const EMAIL = 'dsl@northfield.haven.test';
const SECRET = 'KRUGS4ZANFZSAYJAMRSW233TMVRXEZLU';
const REFUSED = 'The email address or password is not right. Check them and try again.';

test.describe.configure({ mode: 'serial', timeout: 120_000 });

async function nextIdentity(identity: { email: string; email_verified?: boolean }) {
  const r = await fetch(`${E2E.oidcIssuer}/test/identity`, { method: 'POST', body: JSON.stringify(identity) });
  expect(r.ok).toBe(true);
}

async function setGoogle(page: Page, value: 'on' | 'off') {
  await page.goto(schoolUrl('northfield', '/admin/settings'));
  await page.getByLabel('Sign in with Google').selectOption(value);
  await page.getByLabel('Email domains for Microsoft or Google sign-in').fill('northfield.haven.test');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
}

let admin: Page;

test('the DSL allows Google sign-in for the school’s domain', async ({ browser }) => {
  admin = await (await browser.newContext()).newPage();
  await admin.goto(schoolUrl('northfield', '/login'));
  await expect(admin.getByRole('link', { name: 'Sign in with Google' })).toHaveCount(0);
  await admin.getByLabel('Email address').fill(EMAIL);
  await admin.getByLabel('Password').fill(DEMO_PASSWORD);
  await admin.getByRole('button', { name: 'Sign in' }).click();
  await admin.getByLabel('Code from your authenticator app').fill(await freshTotp(SECRET));
  await admin.getByRole('button', { name: 'Use key' }).click();
  await expect(admin).not.toHaveURL(/\/elevate/);
  await setGoogle(admin, 'on');
});

test('a member signs in with Google and is still asked for their key', async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  await nextIdentity({ email: EMAIL, email_verified: true });
  await page.goto(schoolUrl('northfield', '/login'));
  await page.getByRole('link', { name: 'Sign in with Google' }).click();
  await expect(page).toHaveURL(schoolUrl('northfield', '/elevate'));
  await page.getByLabel('Code from your authenticator app').fill(await freshTotp(SECRET));
  await page.getByRole('button', { name: 'Use key' }).click();
  await expect(page).toHaveURL(schoolUrl('northfield', '/'));
});

test('an unknown address and an unverified one get the neutral refusal', async ({ browser }) => {
  for (const identity of [
    { email: 'stranger@northfield.haven.test', email_verified: true },
    { email: EMAIL, email_verified: false },
  ]) {
    const page = await (await browser.newContext()).newPage();
    await nextIdentity(identity);
    await page.goto(schoolUrl('northfield', '/login'));
    await page.getByRole('link', { name: 'Sign in with Google' }).click();
    await expect(page).toHaveURL(schoolUrl('northfield', '/login?sso=refused'));
    await expect(page.getByRole('alert').filter({ hasText: REFUSED })).toBeVisible();
    await page.goto(schoolUrl('northfield', '/'));
    await expect(page).toHaveURL(/\/login/); // not signed in
  }
});

test('a school that has not allowed it offers no button and refuses the start', async ({ page }) => {
  await page.goto(schoolUrl('demo', '/login'));
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('link', { name: /Sign in with/ })).toHaveCount(0);
  const r = await page.goto(schoolUrl('demo', '/sso/start?provider=google'));
  expect(r?.status()).toBe(404);
  expect(page.url()).toBe(schoolUrl('demo', '/sso/start?provider=google')); // not sent on to the root or the provider
  await setGoogle(admin, 'off');
});

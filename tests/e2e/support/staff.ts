/** Signing in as the demo's staff on a phone-sized window, using the DSL's key, and picking pupils. */
import { expect, type Browser, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../../../db/seed/demo-users';
import { nextTotpStep, totpNow } from './totp';
import { schoolUrl } from './urls';

/** The demo DSL's authenticator secret (printed by `npm run demo`). */
export const DEMO_DSL_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

export async function signInOn(page: Page, email: string, slug = 'demo'): Promise<void> {
  await page.goto(schoolUrl(slug, '/login'));
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A new phone-sized browser context, signed in. */
export async function signInPhone(browser: Browser, email: string, slug = 'demo'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 360, height: 780 } });
  const page = await context.newPage();
  await signInOn(page, email, slug);
  return page;
}

/** Answers the key prompt that follows a key holder's sign-in with the demo DSL's authenticator. */
export async function elevateWithDemoKey(page: Page, slug = 'demo'): Promise<void> {
  await expect(page).toHaveURL(schoolUrl(slug, '/elevate'));
  await nextTotpStep();
  await page.getByLabel('Code from your authenticator app').fill(totpNow(DEMO_DSL_SECRET));
  await page.getByRole('button', { name: 'Use key' }).click();
  await expect(page.getByRole('banner').getByText('Using your key')).toBeVisible();
}

/** Picks a pupil in a combobox, waiting while the demo's first import is still arriving. */
export async function pickPupil(page: Page, box: string, query: string, name: RegExp): Promise<void> {
  const input = page.getByRole('combobox', { name: box, exact: true });
  await expect(async () => {
    await input.fill('');
    await input.fill(query);
    await expect(page.getByRole('option', { name })).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 90_000 });
  await page.getByRole('option', { name }).click();
}

/** The keys of the drafts kept on this device. */
export async function draftsOnDevice(page: Page): Promise<string[]> {
  return page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('haven-draft:')));
}

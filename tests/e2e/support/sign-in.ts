/** Signing in to the demo school as its people do, for specs that need more than one of them at once. */
import { expect, type Browser, type Page } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_USERS } from '../../../db/seed/demo-users';
import { freshTotp } from './totp';
import { schoolUrl } from './urls';

/** The demo DSL's authenticator secret. */
export const DEMO_DSL_SECRET = DEMO_USERS.find((u) => u.email === 'dsl@demo.haven.test')!.totpSecret!;

/** Signs in on the demo school's sign-in page in this page. */
export async function signInOn(page: Page, email: string): Promise<void> {
  await page.goto(schoolUrl('demo', '/login'));
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A fresh phone-sized browser context signed in to the demo school. */
export async function signInOnPhone(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 360, height: 780 } });
  const page = await context.newPage();
  await signInOn(page, email);
  return page;
}

/** Uses the key when sign-in asks for it, with a code no earlier test has used (see freshTotp). */
export async function elevateWithKey(page: Page, secret = DEMO_DSL_SECRET): Promise<void> {
  await expect(page).toHaveURL(schoolUrl('demo', '/elevate'));
  await page.getByLabel('Code from your authenticator app').fill(await freshTotp(secret));
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

/** The keys of the record drafts kept on this device. */
export async function draftsOnDevice(page: Page): Promise<string[]> {
  return page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('haven-draft:')));
}

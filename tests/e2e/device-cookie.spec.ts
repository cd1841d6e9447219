import { expect, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../../db/seed/demo-users';
import { expectAccessible } from './support/a11y';
import { schoolUrl } from './support/urls';

// No other spec signs in as the form tutor, so the lock-out below holds nobody else up.
const EMAIL = 'tutor7a@demo.haven.test';

async function signIn(page: Page, password: string) {
  await page.goto(schoolUrl('demo', '/login'));
  await page.getByLabel('Email address').fill(EMAIL);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('someone guessing a person’s password is held, and the person still signs in from their own browser', async ({
  browser,
}) => {
  const mine = await browser.newContext({ viewport: { width: 360, height: 780 } });
  const own = await mine.newPage();
  await signIn(own, DEMO_PASSWORD);
  await expect(own.getByRole('heading', { name: 'Elevate your access' })).toBeVisible();
  const device = (await mine.cookies()).find((c) => c.name === '__Host-haven-device');
  expect(device).toMatchObject({ domain: 'demo.localhost', path: '/', httpOnly: true, secure: true, sameSite: 'Lax' });
  expect(device!.value).not.toContain('tutor7a');
  // Signed out (the session gone), the browser keeps its device token.
  await mine.clearCookies({ name: '__Host-haven-session' });

  const elsewhere = await browser.newContext({ viewport: { width: 360, height: 780 } });
  const attacker = await elsewhere.newPage();
  for (let i = 0; i < 5; i++) {
    await signIn(attacker, `a guess, number ${i}`);
    await expect(
      attacker.getByText('The email address or password is not right. Check them and try again.'),
    ).toBeVisible();
  }
  await signIn(attacker, DEMO_PASSWORD);
  await expect(attacker.getByText(/^Too many attempts\. Try again in \d+ seconds\.$/)).toBeVisible();
  await elsewhere.close();

  await signIn(own, DEMO_PASSWORD);
  await expect(own.getByRole('heading', { name: 'Elevate your access' })).toBeVisible();
  // The person can see what happened.
  await own.goto(schoolUrl('demo', '/account/security'));
  const activity = own.getByRole('region', { name: 'Recent sign-in and key activity' });
  await expect(activity.getByText('Sign-in failed').first()).toBeVisible();
  await expect(activity.getByText('Sign-in slowed down after failures').first()).toBeVisible();
  await expectAccessible(own);
  await mine.close();
});

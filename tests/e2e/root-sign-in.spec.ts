import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD } from '../../db/seed/demo-users';
import { expectAccessible } from './support/a11y';
import { rootUrl, schoolUrl } from './support/urls';

test('someone in several schools signs in on the root domain, picks a school and arrives signed in', async ({
  page,
}) => {
  await page.goto(rootUrl('/'));
  await page.getByRole('link', { name: 'Sign in once for all of them' }).click();
  await expect(page).toHaveURL(rootUrl('/sign-in'));
  await expect(page.getByRole('heading', { name: 'Sign in to your schools' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  await expectAccessible(page);
  await page.getByLabel('Email address').fill('trust.safeguarding@haven.test');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(rootUrl('/'));
  await expect(page.getByRole('heading', { name: 'Your schools' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  await expectAccessible(page);
  await page.getByRole('button', { name: /Northfield Primary School/ }).click();
  await expect(page).toHaveURL(schoolUrl('northfield', '/'));
  await expect(page.getByRole('heading', { name: 'Hello, Priya' })).toBeVisible();
  await expect(page.getByRole('banner').getByText('Without key')).toBeVisible();
});

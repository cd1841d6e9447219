import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD } from '../../db/seed/demo-users';
import { expectAccessible } from './support/a11y';
import { schoolUrl } from './support/urls';

test('an SSO user switches school from the dropdown and lands on the same kind of page, signed in', async ({ page }) => {
  await page.goto(schoolUrl('demo', '/login'));
  await page.getByLabel('Email address').fill('trust.safeguarding@haven.test');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // A key holder is offered their key first; continue without it.
  await page.getByRole('link', { name: 'Continue without key' }).click();
  await expect(page.getByRole('heading', { name: 'Hello, Priya' })).toBeVisible();

  await page.goto(schoolUrl('demo', '/account/security'));
  // The school's name in the header opens the list of the person's schools.
  await page.getByLabel('Switch school (now Haven Demo Academy)').click();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Northfield Primary School' }).click();
  await expect(page).toHaveURL(schoolUrl('northfield', '/account/security'));
  await expect(page.getByRole('heading', { name: 'Security keys' })).toBeVisible();
  await expect(page.getByLabel('Switch school (now Northfield Primary School)')).toBeVisible();

  // Back again, to the dashboard.
  await page.goto(schoolUrl('northfield', '/'));
  await page.getByLabel('Switch school (now Northfield Primary School)').click();
  await page.getByRole('button', { name: 'Haven Demo Academy' }).click();
  await expect(page).toHaveURL(schoolUrl('demo', '/'));
  await expect(page.getByRole('heading', { name: 'Hello, Priya' })).toBeVisible();
});

/**
 * Refused buttons in a real browser: a record or school out of reach is the
 * 404 page and any other refusal is its message on the refusal page, never the
 * error page's "Something went wrong" with a digest (which switching or
 * opening a school by a tampered form once gave).
 */
import { expect, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../../db/seed/demo-users';
import { expectAccessible } from './support/a11y';
import { rootUrl, schoolUrl } from './support/urls';

const LEAD = 'trust.safeguarding@haven.test';

async function signInAtRoot(page: Page): Promise<void> {
  await page.goto(rootUrl('/sign-in'));
  await page.getByLabel('Email address').fill(LEAD);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Your schools' })).toBeVisible();
}

test('switching to a school that does not exist is the 404 page, and they stay signed in', async ({ page }) => {
  await page.goto(schoolUrl('demo', '/login'));
  await page.getByLabel('Email address').fill(LEAD);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'Continue without key' }).click();
  await expect(page.getByRole('heading', { name: 'Hello, Priya' })).toBeVisible();

  await page.getByLabel('Switch school (now Haven Demo Academy)').click();
  const northfield = page
    .locator('form')
    .filter({ has: page.getByRole('button', { name: 'Northfield Primary School' }) });
  // A school that exists in no one's list: as a forged or stale form would name it.
  await northfield.locator('input[name="to"]').evaluate((input: HTMLInputElement) => (input.value = 'no-such-school'));
  await northfield.getByRole('button').click();
  await expect(page.getByRole('heading', { name: 'We couldn’t find that page' })).toBeVisible();
  await expect(page.getByText('Something went wrong')).toHaveCount(0);

  await page.goto(schoolUrl('demo', '/'));
  await expect(page.getByRole('heading', { name: 'Hello, Priya' })).toBeVisible();
});

test('opening a school that is not the person’s from the root domain is the 404 page', async ({ page }) => {
  await signInAtRoot(page);
  const open = page.locator('form').filter({ has: page.getByRole('button', { name: /Northfield Primary School/ }) });
  await open.locator('input[name="to"]').evaluate((input: HTMLInputElement) => (input.value = 'no-such-school'));
  await open.getByRole('button').click();
  await expect(page.getByRole('heading', { name: 'We couldn’t find that page' })).toBeVisible();
  await expect(page.getByText('Something went wrong')).toHaveCount(0);
});

test('any other refusal of a button is its message on the refusal page', async ({ page }) => {
  await signInAtRoot(page);
  // The root domain's "Open" button, sent to the same page (`/`) on a school's own host: refused with the reason.
  const actionField = await page
    .locator('form')
    .filter({ has: page.getByRole('button', { name: /Northfield Primary School/ }) })
    .locator('input[name^="$ACTION_ID_"]')
    .getAttribute('name');
  expect(actionField).toBeTruthy();
  await page.goto(schoolUrl('demo', '/login'));
  // Posted as a form is without JavaScript, but by fetch, so the answer can be read here.
  const answer = await page.evaluate(async (field) => {
    const body = new FormData();
    body.set(field, '');
    body.set('to', 'northfield');
    const r = await fetch('/', { method: 'POST', body });
    return { status: r.status, path: new URL(r.url).pathname, text: await r.text() };
  }, actionField!);
  expect(answer).toMatchObject({ status: 200, path: '/refused' });
  expect(answer.text).toContain('Sign in on your school’s own page.');
  await page.goto(schoolUrl('demo', '/refused'));
  await expect(page.getByRole('heading', { name: 'That was not done' })).toBeVisible();
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('Sign in on your school’s own page.');
  await expect(page.getByText('Something went wrong')).toHaveCount(0);
  await expectAccessible(page);
});

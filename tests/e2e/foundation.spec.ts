import { expect, test } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { rootUrl, schoolUrl } from './support/urls';

test('the root domain finds a school and links to its own address', async ({ page }) => {
  await page.goto(rootUrl('/'));
  await expect(page.getByRole('heading', { name: 'Find your school' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('School name').fill('northf');
  await page.getByRole('button', { name: 'Search' }).click();
  const link = page.getByRole('link', { name: /Northfield Primary School/ });
  await expect(link).toBeVisible();
  await expectAccessible(page);
  await link.click();
  await expect(page).toHaveURL(schoolUrl('northfield', '/'));
  await expect(page.getByRole('heading', { name: 'Northfield Primary School', level: 1 })).toBeVisible();
  await expectAccessible(page);
});

test('a search with no match says so', async ({ page }) => {
  await page.goto(rootUrl('/?q=zzzz-no-school'));
  await expect(page.getByText('No school matches “zzzz-no-school”')).toBeVisible();
});

test('each demo school answers on its subdomain', async ({ page }) => {
  for (const [slug, name] of [
    ['demo', 'Haven Demo Academy'],
    ['northfield', 'Northfield Primary School'],
  ] as const) {
    const res = await page.goto(schoolUrl(slug, '/'));
    expect(res?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
    await expectAccessible(page);
  }
});

test('an unknown school is a real 404 page', async ({ page }) => {
  const res = await page.goto(schoolUrl('nosuch', '/'));
  expect(res?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'We couldn’t find that page' })).toBeVisible();
  await expectAccessible(page);
});

test('hosts that are neither the root domain nor a school get 404, and the mailbox exists only on the root domain', async ({ request }) => {
  expect((await request.get(rootUrl('/').replace('localhost', '127.0.0.1'))).status()).toBe(404);
  expect((await request.get(schoolUrl('www', '/'))).status()).toBe(404);
  expect((await request.get(schoolUrl('demo', '/dev/mail'))).status()).toBe(404);
  expect((await request.get(rootUrl('/dev/mail'))).status()).toBe(200);
});

test('responses carry the security headers', async ({ request }) => {
  const res = await request.get(schoolUrl('demo', '/'));
  const h = res.headers();
  expect(h['content-security-policy']).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(h['content-security-policy']).not.toContain('unsafe-eval');
  expect(h['content-security-policy']).toContain("object-src 'none'");
  expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(h['x-content-type-options']).toBe('nosniff');
  expect(h['referrer-policy']).toBe('no-referrer');
  expect(h['permissions-policy']).toContain('camera=()');
  expect(h['cache-control']).toContain('no-store');
  expect(h['x-powered-by']).toBeUndefined();
  const other = await request.get(schoolUrl('demo', '/'));
  expect(other.headers()['content-security-policy']).not.toBe(h['content-security-policy']); // a fresh nonce
});

test('state-changing requests from another origin, or with none, are refused', async ({ request }) => {
  const sibling = await request.post(schoolUrl('demo', '/'), {
    headers: { origin: schoolUrl('northfield', '').replace(/\/$/, '') },
    data: 'x=1',
  });
  expect(sibling.status()).toBe(403);
  const none = await request.fetch(schoolUrl('demo', '/'), { method: 'POST', headers: { origin: '' }, data: 'x=1' });
  expect(none.status()).toBe(403);
  const forwarded = await request.post(schoolUrl('demo', '/'), {
    headers: { origin: 'http://evil.localhost:1', 'x-forwarded-host': 'evil.localhost:1' },
    data: 'x=1',
  });
  expect(forwarded.status()).toBe(403);
});

test('the development mailbox lists the outbox', async ({ page }) => {
  await page.goto(rootUrl('/dev/mail'));
  await expect(page.getByRole('heading', { name: 'Development mailbox' })).toBeVisible();
  await expectAccessible(page);
});

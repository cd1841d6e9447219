import { expect, test } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { rawRequest } from './support/http';
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
  // Signed out, a school's address opens its sign-in page.
  await expect(page).toHaveURL(schoolUrl('northfield', '/login'));
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

test('hosts that are neither the root domain nor a school get 404, and the mailbox exists only on the root domain', async () => {
  expect((await rawRequest({ host: '127.0.0.1' })).status).toBe(404);
  expect((await rawRequest({ host: 'www.localhost' })).status).toBe(404);
  expect((await rawRequest({ host: 'demo.localhost.evil.com' })).status).toBe(404);
  expect((await rawRequest({ host: 'demo.localhost', path: '/dev/mail' })).status).toBe(404);
  expect((await rawRequest({ host: 'localhost', path: '/dev/mail' })).status).toBe(200);
});

test('responses carry the security headers', async () => {
  const res = await rawRequest({ host: 'demo.localhost', path: '/login' });
  expect(res.status).toBe(200);
  const h = res.headers;
  const csp = String(h['content-security-policy']);
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).not.toContain('unsafe-eval');
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(h['x-content-type-options']).toBe('nosniff');
  expect(h['x-frame-options']).toBe('DENY');
  expect(h['referrer-policy']).toBe('same-origin');
  expect(h['permissions-policy']).toContain('camera=()');
  expect(String(h['cache-control'])).toContain('no-store');
  expect(h['x-powered-by']).toBeUndefined();
  // The page's scripts carry this response's nonce; the next response has a fresh one.
  const nonce = csp.match(/'nonce-([^']+)'/)![1]!;
  expect(res.body).toContain(`nonce="${nonce}"`);
  const again = await rawRequest({ host: 'demo.localhost', path: '/login' });
  expect(again.headers['content-security-policy']).not.toBe(h['content-security-policy']);
});

test('state-changing requests from another origin, or with none, are refused', async () => {
  const post = (headers: Record<string, string>) =>
    rawRequest({
      host: 'demo.localhost',
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: 'x=1',
    });
  const sibling = await post({ origin: schoolUrl('northfield', '').replace(/\/$/, '') });
  expect(sibling.status).toBe(403);
  expect(sibling.body).toContain('refused');
  expect((await post({})).status).toBe(403);
  expect((await post({ origin: 'null' })).status).toBe(403);
  // A forwarded host cannot make a foreign origin look like this school.
  expect((await post({ origin: 'http://evil.localhost:1', 'x-forwarded-host': 'evil.localhost:1' })).status).toBe(403);
  // The school's own origin passes the check (and reaches the page, which takes no POST).
  expect((await post({ origin: schoolUrl('demo', '').replace(/\/$/, '') })).status).not.toBe(403);
});

test('the development mailbox lists the outbox', async ({ page }) => {
  await page.goto(rootUrl('/dev/mail'));
  await expect(page.getByRole('heading', { name: 'Development mailbox' })).toBeVisible();
  await expectAccessible(page);
});

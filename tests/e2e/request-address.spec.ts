/**
 * A browser that forges its address in every forwarding header Haven knows
 * (X-Forwarded-For, X-Real-IP, CloudFront's and Vercel's, and Haven's own
 * internal peer stamp) is recorded at its real address: the demo trusts no
 * proxy, so the socket's peer counts (127.0.0.1 here).
 */
import { expect, test } from '@playwright/test';
import { elevateWithKey, signInOn } from './support/sign-in';
import { rawRequest } from './support/http';
import { schoolUrl } from './support/urls';

const FORGED = '203.0.113.9';
const FORGED_HEADERS = {
  'x-forwarded-for': FORGED,
  'x-real-ip': FORGED,
  'cloudfront-viewer-address': `${FORGED}:443`,
  'x-vercel-forwarded-for': FORGED,
  'x-haven-peer': `${'x'.repeat(43)} ${FORGED}`,
};

test('a forged X-Forwarded-For from an untrusted peer is ignored: the audit records the real address', async ({
  browser,
}) => {
  const context = await browser.newContext({ extraHTTPHeaders: FORGED_HEADERS });
  const page = await context.newPage();
  await signInOn(page, 'dsl@demo.haven.test');
  await elevateWithKey(page);
  await page.goto(schoolUrl('demo', '/'));
  const search = page.getByRole('combobox', { name: 'Quick Student Search' });
  await expect(async () => {
    await search.fill('');
    await search.fill('taylor-jones');
    await expect(page.getByRole('listbox', { name: 'Matching pupils' }).getByRole('option').first()).toBeVisible({
      timeout: 3_000,
    });
  }).toPass({ timeout: 90_000 });
  await page.getByRole('listbox', { name: 'Matching pupils' }).getByRole('option').first().click();
  await expect(page).toHaveURL(/\/students\/[0-9a-f-]{36}$/);
  await page.getByRole('navigation', { name: 'Pupil record' }).getByRole('link', { name: 'Audit' }).click();

  const log = page.getByRole('list', { name: 'Views and changes, newest first' });
  const ownView = log.getByRole('listitem').filter({ hasText: 'Viewed the Overview tab' }).first();
  await expect(ownView).toContainText('127.0.0.1');
  await expect(log).not.toContainText(FORGED);
  await context.close();
});

test('the development mailbox answers this machine, whatever it claims to be', async () => {
  // Loopback by the socket: the forged headers neither open it to others nor shut it here.
  const mail = await rawRequest({ host: 'localhost', path: '/dev/mail', headers: FORGED_HEADERS });
  expect(mail.status).toBe(200);
  expect(mail.body).toContain('Development mailbox');
});

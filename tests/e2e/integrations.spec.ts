/**
 * Inbound integrations end to end: an administrator adds one in Admin →
 * Integrations and copies its token; a request with it, sent by curl as the
 * README shows (no cookie, no Origin), records a concern that the DSL sees in the pupil's
 * chronology and in their alerts; revoked, the token is refused.
 */
import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { rawRequest } from './support/http';
import { sharedPhonePage } from './support/shared-page';
import { DEMO_DSL_SECRET } from './support/sign-in';
import { schoolUrl } from './support/urls';

const dsl = sharedPhonePage('dsl@demo.haven.test', DEMO_DSL_SECRET);
test.afterAll(() => dsl.close());

const concern = (reference: string) =>
  JSON.stringify({
    pupil: { upn: 'B383200118001' },
    occurredAt: new Date().toISOString(),
    text: `Filtering flagged a search about running away (${reference}).`,
    severity: 'high',
    reference,
  });

const send = (token: string, reference: string) =>
  rawRequest({
    host: 'demo.localhost',
    path: '/api/v1/concerns',
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: concern(reference),
  });

/** The README's curl command, against the test server: the answer's body, then its status on the last line. */
function curl(token: string, reference: string): { status: number; body: string } {
  const port = Number(process.env.E2E_PORT ?? 3217);
  const out = execFileSync('curl', [
    '--silent',
    '--resolve',
    `demo.localhost:${port}:127.0.0.1`,
    '-X',
    'POST',
    `http://demo.localhost:${port}/api/v1/concerns`,
    '-H',
    `Authorization: Bearer ${token}`,
    '-H',
    'Content-Type: application/json',
    '-d',
    concern(reference),
    '--write-out',
    '\n%{http_code}',
  ]).toString();
  const lines = out.trimEnd().split('\n');
  return { status: Number(lines.pop()), body: lines.join('\n') };
}

test('an integration’s token records a concern that reaches the chronology and the alerts; revoked, it is refused', async ({
  browser,
}) => {
  const page = await dsl.get(browser);
  await page.goto(schoolUrl('demo', '/admin'));
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Integrations' }).click();
  await expect(page.getByRole('heading', { name: 'Integrations', level: 1 })).toBeVisible();

  const product = `Filter ${Date.now()}`;
  await page.getByLabel('Product name').fill(product);
  await page.getByLabel('Category its concerns go to').selectOption({ label: 'Bullying' });
  await page.getByRole('group', { name: 'Staff to alert' }).getByLabel('David Okafor').check();
  await page.getByRole('button', { name: 'Add integration' }).click();
  await expect(page.getByText('Copy its token now')).toBeVisible();
  const token = await page.getByLabel('API token (shown only once)').inputValue();
  expect(token).toMatch(/^hvn_/);

  const reference = `e2e-${Date.now()}`;
  const created = curl(token, reference);
  expect(created.status).toBe(201);
  const { incident } = JSON.parse(created.body) as { incident: number };
  const again = await send(token, reference);
  expect(again.status).toBe(200);
  expect(JSON.parse(again.body)).toEqual({ incident });

  // The DSL's alerts, and the incident in Zoë's chronology, authored by the integration.
  await page.goto(schoolUrl('demo', '/'));
  const alert = page
    .getByRole('list', { name: 'Your alerts' })
    .getByRole('listitem')
    .filter({ hasText: `#${incident}` });
  await expect(alert).toContainText(`${product} (integration)`);
  await alert.getByRole('link').first().click();
  await expect(page.getByText(`Filtering flagged a search about running away (${reference}).`)).toBeVisible();
  await expect(page.getByText(`${product} (integration)`).first()).toBeVisible();

  // Revoked: the token stops at once.
  await page.goto(schoolUrl('demo', '/admin/integrations'));
  page.once('dialog', (d) => void d.accept());
  const row = page.getByRole('list', { name: 'Integrations' }).getByRole('listitem').filter({ hasText: product });
  await row.getByRole('button', { name: `Revoke ${product}` }).click();
  // Once revoked it offers no controls, only when it was revoked.
  await expect(row).toContainText('Revoked');
  await expect(row.getByRole('button')).toHaveCount(0);
  expect((await send(token, `${reference}-after`)).status).toBe(401);
});

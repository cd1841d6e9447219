import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { SESSION_COOKIE } from '../../lib/auth/session-policy';
import { DEMO_PASSWORD } from '../../db/seed/demo-users';
import { expectAccessible } from './support/a11y';
import { rawRequest } from './support/http';
import { schoolUrl } from './support/urls';

test('an SSO user switches school from the dropdown and lands on the same kind of page, signed in', async ({
  page,
}) => {
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

test('a switching code opened in any other browser signs nobody in (login CSRF), and is spent', async ({
  page,
  browser,
}) => {
  // The attacker belongs to both schools and signs in at one of them.
  await page.goto(schoolUrl('demo', '/login'));
  await page.getByLabel('Email address').fill('trust.safeguarding@haven.test');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'Continue without key' }).click();
  await expect(page.getByRole('heading', { name: 'Hello, Priya' })).toBeVisible();
  const session = (await page.context().cookies(schoolUrl('demo', '/'))).find((c) => c.name === SESSION_COOKIE)!;

  // They walk the switcher's hops by hand and keep the fresh code instead of opening it.
  const start = await rawRequest({ host: 'northfield.localhost', path: '/switch/start?back=demo&path=%2F' });
  expect(start.status).toBe(303);
  const issue = new URL(start.headers.location!);
  expect(issue.host).toBe(new URL(schoolUrl('demo')).host);
  const attackerNonce = /__Host-haven-switch=([^;]+)/.exec(String(start.headers['set-cookie']))![1]!;
  const minted = await rawRequest({
    host: 'demo.localhost',
    path: `${issue.pathname}${issue.search}`,
    headers: { cookie: `${session.name}=${session.value}` },
  });
  expect(minted.status).toBe(303);
  const codeUrl = minted.headers.location!;
  expect(codeUrl).toMatch(/^http:\/\/northfield\.localhost:\d+\/switch\?code=[A-Za-z0-9_-]{43}$/);

  // A page on another site sends a fresh browser straight to it.
  const lure = http.createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(
      `<!doctype html><title>Prize</title><a href="${codeUrl}">Claim your prize</a><script>location.href = ${JSON.stringify(codeUrl)}</script>`,
    );
  });
  await new Promise<void>((resolve) => lure.listen(0, '127.0.0.1', resolve));
  const victimContext = await browser.newContext();
  try {
    const victim = await victimContext.newPage();
    await victim.goto(`http://127.0.0.1:${(lure.address() as AddressInfo).port}/`);
    await expect(victim).toHaveURL(schoolUrl('northfield', '/switch/refused'));
    await expect(victim.getByRole('heading', { name: 'This link was not for this browser' })).toBeVisible();
    await expectAccessible(victim);
    expect((await victimContext.cookies(schoolUrl('northfield', '/'))).some((c) => c.name === SESSION_COOKIE)).toBe(
      false,
    );
    await victim.goto(schoolUrl('northfield', '/'));
    await expect(victim).toHaveURL(schoolUrl('northfield', '/login'));
  } finally {
    await victimContext.close();
    await new Promise<void>((resolve) => lure.close(() => resolve()));
  }

  // The code is spent: even the browser that asked for it cannot use it now.
  const late = await rawRequest({
    host: 'northfield.localhost',
    path: new URL(codeUrl).pathname + new URL(codeUrl).search,
    headers: { cookie: `__Host-haven-switch=${attackerNonce}` },
  });
  expect(late.status).toBe(303);
  expect(late.headers.location).toBe(schoolUrl('northfield', '/login'));
});

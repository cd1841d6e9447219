/**
 * End-to-end tests: Debian's Chromium (never a downloaded browser) against a
 * production build served by `npm run demo` with a fresh embedded database in
 * a temporary directory, so the tests see exactly what a newcomer sees.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!fs.existsSync(chromium)) {
  throw new Error(
    `Chromium not found at ${chromium}. Install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH.`,
  );
}

const port = Number(process.env.E2E_PORT ?? 3217);
// Evaluated again in each worker: the directory is made once and inherited.
process.env.HAVEN_E2E_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'haven-e2e-'));
const dataDir = process.env.HAVEN_E2E_DATA_DIR;

/** The local OpenID Connect provider the server's Microsoft and Google sign-in talk to (tests/support/oidc-provider.ts). */
const oidcPort = port + 3000;
export const E2E = { port, rootDomain: `localhost:${port}`, oidcIssuer: `http://127.0.0.1:${oidcPort}` };

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  globalTeardown: './tests/e2e/support/global-teardown.ts',
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    { name: 'phone', use: { ...devices['Pixel 7'], viewport: { width: 360, height: 780 }, browserName: 'chromium' } },
    // Desk work (the pupil profile, later chronology and reporting) is checked on a wide screen too.
    // Tests tagged @any-screen (headers, routes, alerts: nothing the screen's width changes) run
    // on the phone only; their spec's page checks still run on both.
    {
      name: 'desktop',
      testMatch: /(student-(profile|audit)|vault)\.spec\.ts/,
      grepInvert: /@any-screen/,
      use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 900 }, browserName: 'chromium' },
    },
  ],
  webServer: [
    {
      command: `npx tsx tests/e2e/support/oidc-provider-server.ts ${oidcPort}`,
      url: `http://127.0.0.1:${oidcPort}/.well-known/openid-configuration`,
      timeout: 60_000,
      reuseExistingServer: false,
    },
    {
      command: 'npm run demo',
      url: `http://localhost:${port}/`,
      // Seeding, importing and (when the sources changed) building take minutes on a busy machine.
      timeout: 600_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
      env: {
        PORT: String(port),
        HAVEN_DATA_DIR: dataDir,
        APP_ROOT_DOMAIN: `localhost:${port}`,
        OIDC_TEST_ISSUER: `http://127.0.0.1:${oidcPort}`,
        OIDC_MICROSOFT_CLIENT_ID: 'haven-test',
        OIDC_MICROSOFT_CLIENT_SECRET: 'haven-test-secret',
        OIDC_GOOGLE_CLIENT_ID: 'haven-test',
        OIDC_GOOGLE_CLIENT_SECRET: 'haven-test-secret',
      },
    },
  ],
});

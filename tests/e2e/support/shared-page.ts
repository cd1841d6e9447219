/**
 * One signed-in phone page per person for a whole spec file, and one session
 * per person for the whole run. Signing in again in every test cost the most
 * time of all: the DSL's second factor accepts each 30-second step once, so a
 * third elevation within a half-minute waits for the clock (support/totp.ts).
 *
 * The first spec to ask for a person signs them in (and uses their key) and
 * keeps the session's cookies in the run's data directory; later specs open a
 * fresh browser context with those cookies (never local storage: drafts stay
 * on the device that wrote them). If that session is no longer signed in with
 * the key (a spec ended it), they sign in again and keep the new one. Tests
 * that check signing in or elevating themselves still use a page of their own.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { elevateWithKey, signInOn } from './sign-in';
import { schoolUrl } from './urls';

export interface SharedPage {
  /** The person's page, signed in (and using their key when a secret was given) on first use. */
  get(browser: Browser): Promise<Page>;
  close(): Promise<void>;
}

const PHONE = { viewport: { width: 360, height: 780 } };

type Cookies = Awaited<ReturnType<BrowserContext['cookies']>>;

const sessionFile = (email: string): string | null =>
  process.env.HAVEN_E2E_DATA_DIR
    ? path.join(process.env.HAVEN_E2E_DATA_DIR, `session-${email.replace(/[^a-z0-9.]/gi, '_')}.json`)
    : null;

function keptCookies(email: string): Cookies | null {
  const file = sessionFile(email);
  if (!file) return null;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Cookies;
  } catch {
    return null;
  }
}

async function keepCookies(email: string, context: BrowserContext): Promise<void> {
  const file = sessionFile(email);
  if (!file) return;
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(await context.cookies()));
  fs.renameSync(`${file}.tmp`, file);
}

/** A page on the kept session when it is still signed in as wanted, or null. */
async function reuse(browser: Browser, email: string, elevated: boolean): Promise<Page | null> {
  const cookies = keptCookies(email);
  if (!cookies) return null;
  const context = await browser.newContext(PHONE);
  await context.addCookies(cookies);
  const page = await context.newPage();
  await page.goto(schoolUrl('demo', '/'));
  const banner = page.getByRole('banner').getByText(elevated ? 'Using your key' : 'Without key');
  if (page.url() === schoolUrl('demo', '/') && (await banner.isVisible())) return page;
  await context.close();
  return null;
}

async function signInFresh(browser: Browser, email: string, secret?: string): Promise<Page> {
  const page = await (await browser.newContext(PHONE)).newPage();
  await signInOn(page, email);
  if (secret) await elevateWithKey(page, secret);
  else await expect(page.getByRole('banner')).toBeVisible();
  await keepCookies(email, page.context());
  return page;
}

export function sharedPhonePage(email: string, secret?: string): SharedPage {
  let page: Page | undefined;
  return {
    async get(browser) {
      if (!page || page.isClosed()) {
        page = (await reuse(browser, email, secret !== undefined)) ?? (await signInFresh(browser, email, secret));
        // Every test starts where signing in lands: the dashboard.
        if (page.url() !== schoolUrl('demo', '/')) await page.goto(schoolUrl('demo', '/'));
      }
      return page;
    },
    async close() {
      await page?.context().close();
      page = undefined;
    },
  };
}

/** A page of its own (a fresh context) on the person's session for the run, signed in with their key on first use. */
export function phonePageWithKey(browser: Browser, email: string, secret: string): Promise<Page> {
  return sharedPhonePage(email, secret).get(browser);
}

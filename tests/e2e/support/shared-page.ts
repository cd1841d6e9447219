/**
 * One signed-in phone page per person for a whole spec file. Signing in again
 * in every test cost the most time of all: the DSL's second factor accepts each
 * 30-second step once, so a third elevation within a half-minute waits for the
 * clock (support/totp.ts). A spec asks for the page in each test and closes it
 * in `afterAll`; tests that check signing in or elevating themselves still use
 * a page of their own.
 */
import type { Browser, Page } from '@playwright/test';
import { elevateWithKey, signInOnPhone } from './sign-in';

export interface SharedPage {
  /** The person's page, signed in (and using their key when a secret was given) on first use. */
  get(browser: Browser): Promise<Page>;
  close(): Promise<void>;
}

export function sharedPhonePage(email: string, secret?: string): SharedPage {
  let page: Page | undefined;
  return {
    async get(browser) {
      if (!page || page.isClosed()) {
        page = await signInOnPhone(browser, email);
        if (secret) await elevateWithKey(page, secret);
      }
      return page;
    },
    async close() {
      await page?.context().close();
      page = undefined;
    },
  };
}

/**
 * The development mailbox lists every school's reset links: it must not exist
 * on a real deployment, and locally it opens only to this machine.
 */
import { afterEach, describe, expect, it } from 'vitest';
import DevMailPage from '@/app/(root)/dev/mail/page';
import { parseConfig, setConfigForTests } from '@/lib/config';
import { isDevMailboxEnabled, listDevMail, mayReadDevMailbox } from '@/lib/mail/dev-mail';

afterEach(() => setConfigForTests(undefined));

describe('the development mailbox', () => {
  it('exists only with the outbox driver on a *.localhost root, whatever NODE_ENV says', () => {
    expect(isDevMailboxEnabled(parseConfig({ NODE_ENV: 'production' }))).toBe(true); // the demo: localhost:3000
    expect(isDevMailboxEnabled(parseConfig({ NODE_ENV: 'production', APP_ROOT_DOMAIN: 'haven.localhost:3000' }))).toBe(
      true,
    );
    expect(isDevMailboxEnabled(parseConfig({ NODE_ENV: 'production', APP_ROOT_DOMAIN: 'haven.example.org' }))).toBe(
      false,
    );
    expect(isDevMailboxEnabled(parseConfig({ NODE_ENV: 'development', APP_ROOT_DOMAIN: 'haven.example.org' }))).toBe(
      false,
    );
    expect(isDevMailboxEnabled(parseConfig({ APP_ROOT_DOMAIN: 'localhost.evil.example' }))).toBe(false);
    expect(isDevMailboxEnabled(parseConfig({ MAIL_DRIVER: 'ses' }))).toBe(false);
  });

  it('opens only to a request from this machine, by its real address', () => {
    const local = parseConfig({ NODE_ENV: 'production' });
    expect(mayReadDevMailbox('127.0.0.1', local)).toBe(true);
    expect(mayReadDevMailbox('::1', local)).toBe(true);
    expect(mayReadDevMailbox('192.168.1.20', local)).toBe(false); // someone on the same network
    expect(mayReadDevMailbox(null, local)).toBe(false); // address unknown (nothing stamped the peer)
    expect(
      mayReadDevMailbox('127.0.0.1', parseConfig({ NODE_ENV: 'production', APP_ROOT_DOMAIN: 'haven.example.org' })),
    ).toBe(false);
  });

  it('answers 404 in production on a real root domain, before reading anything', async () => {
    setConfigForTests(
      parseConfig({ NODE_ENV: 'production', APP_ROOT_DOMAIN: 'haven.example.org', DATABASE_URL: 'memory://' }),
    );
    await expect(DevMailPage()).rejects.toMatchObject({ digest: 'NEXT_HTTP_ERROR_FALLBACK;404' });
    expect(await listDevMail('127.0.0.1')).toEqual([]);
  });
});

/**
 * Lock-out of a DSL by someone who knows their address (issue: one wrong
 * password each time the wait expired kept the account's wait growing, and
 * the real password was refused meanwhile). Device tokens: the owner's own
 * browser is judged by its own failures only; unknown browsers stay throttled
 * per account.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, TEST_PASSWORD } from '../support/identity';
import { privileged } from '@/db/privileged';
import { inSchool, rowsOf } from '@/db/scoped';
import { auditLog, outbox } from '@/db/schema';
import { completePasswordReset, requestPasswordReset } from '@/lib/auth/password-reset';
import { signInAtRoot } from '@/lib/auth/root-sign-in';
import { signInWithPassword, SIGN_IN_REFUSED, type SignInResult } from '@/lib/auth/sign-in';
import type { School } from '@/lib/tenancy/context';

withTestDatabase();

const THROTTLED = /^Too many attempts\. Try again in \d+ (second|minute)s?\.$/;
const attacker = { ip: '203.0.113.66', userAgent: 'curl' };
const owner = { ip: '198.51.100.5', userAgent: 'Firefox' };
let school: School;

beforeAll(async () => {
  school = await makeSchool('devices', 'Device Academy');
});

/** A person of their own, so each case starts with no failures on record. */
async function person(name: string): Promise<string> {
  const email = `${name.toLowerCase()}.${randomUUID().slice(0, 8)}@devices.test`;
  await makeUser({ email, displayName: name, memberships: { devices: 'DSL' } });
  return email;
}

function cookieOf(r: SignInResult): string {
  if (!r.ok) throw new Error(`expected a sign-in, got: ${r.message}`);
  expect(r.deviceCookie).toBeTruthy();
  return r.deviceCookie!;
}

/**
 * The attack: a wrong password, and again each time the wait runs out, until
 * `failures` have been counted and the account is held. Returns a moment at
 * which it is held (the attacker's next guess would be refused unchecked).
 */
async function lockOut(email: string, from: Date, failures: number): Promise<Date> {
  let t = from.getTime();
  let counted = 0;
  for (;;) {
    const r = await signInWithPassword(school, { email, password: `guess ${counted}` }, attacker, new Date(t));
    expect(r.ok).toBe(false);
    if (!r.ok && r.retryAfterSeconds) {
      if (counted >= failures) return new Date(t);
      t += r.retryAfterSeconds * 1000; // spaced: the attacker waits exactly as long as told
      continue;
    }
    expect(r).toEqual({ ok: false, message: SIGN_IN_REFUSED });
    counted += 1;
    t += 1000;
  }
}

describe('an attacker who knows the address', () => {
  it('20 spaced failures do not stop the owner signing in from their known browser; a new browser is still throttled', async () => {
    const email = await person('Dee');
    const t0 = new Date('2026-03-02T07:00:00Z');
    const known = cookieOf(await signInWithPassword(school, { email, password: TEST_PASSWORD }, owner, t0));

    const t = await lockOut(email, new Date(t0.getTime() + 60_000), 20);

    // An unknown browser with the right password is held, from anywhere.
    const fresh = await signInWithPassword(school, { email, password: TEST_PASSWORD }, owner, t);
    expect(fresh.ok).toBe(false);
    expect(!fresh.ok && fresh.message).toMatch(THROTTLED);
    // The owner's own browser is not, even on the attacker's network (a pupil on the school's wifi).
    for (const meta of [owner, attacker]) {
      const mine = await signInWithPassword(school, { email, password: TEST_PASSWORD }, meta, t, {
        deviceCookie: known,
      });
      expect(mine).toMatchObject({ ok: true });
    }
    // Nothing stored names the address or the attacker's IP.
    const keys = await privileged('job', 'test', async (tx) =>
      rowsOf<{ key: string }>(await tx.execute(sql`select distinct key from rate_limit_hits`)),
    );
    expect(keys.map((k) => k.key).join(' ')).not.toMatch(/devices\.test|203\.0\.113/);
  });

  it('a forged, altered or someone else’s token is an unknown browser', async () => {
    const email = await person('Ola');
    const other = await person('Pat');
    const t0 = new Date('2026-03-03T07:00:00Z');
    const mine = cookieOf(await signInWithPassword(school, { email, password: TEST_PASSWORD }, owner, t0));
    const theirs = cookieOf(await signInWithPassword(school, { email: other, password: TEST_PASSWORD }, attacker, t0));
    const t = await lockOut(email, new Date(t0.getTime() + 1000), 6);
    const [user, issued, nonce, mac] = mine.split('.') as [string, string, string, string];
    for (const deviceCookie of [
      theirs,
      `${user}.${issued}.${nonce}.${mac.slice(0, -2)}AA`,
      `${user}.${Number(issued) - 1}.${nonce}.${mac}`,
      'not-a-token',
    ]) {
      const r = await signInWithPassword(school, { email, password: TEST_PASSWORD }, attacker, t, { deviceCookie });
      expect(r.ok).toBe(false);
      expect(!r.ok && r.message).toMatch(THROTTLED);
    }
    expect(
      await signInWithPassword(school, { email, password: TEST_PASSWORD }, owner, t, { deviceCookie: mine }),
    ).toMatchObject({ ok: true });
  });

  it('parallel guesses are judged one after another: only the free allowance is checked', async () => {
    const email = await person('Ray');
    const t = new Date('2026-03-04T07:00:00Z');
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        signInWithPassword(school, { email, password: `parallel ${i}` }, attacker, t),
      ),
    );
    expect(results.filter((r) => !r.ok && r.message === SIGN_IN_REFUSED)).toHaveLength(5);
    expect(results.filter((r) => !r.ok && THROTTLED.test(r.message))).toHaveLength(7);
  });

  it('the root domain’s sign-in honours the same token', async () => {
    const email = await person('Sol');
    const t0 = new Date('2026-03-05T07:00:00Z');
    const known = cookieOf(await signInWithPassword(school, { email, password: TEST_PASSWORD }, owner, t0));
    const t = await lockOut(email, new Date(t0.getTime() + 1000), 8);
    const fresh = await signInAtRoot({ email, password: TEST_PASSWORD }, owner, t);
    expect(fresh.ok).toBe(false);
    expect(!fresh.ok && fresh.message).toMatch(THROTTLED);
    const mine = await signInAtRoot({ email, password: TEST_PASSWORD }, owner, t, { deviceCookie: known });
    expect(mine).toMatchObject({ ok: true, deviceCookie: expect.any(String) });
  });
});

describe('the owner’s own browser', () => {
  it('is slowed down by its own mistakes only; once the wait is over, the right password ends it with a fresh token', async () => {
    const email = await person('Una');
    const t0 = new Date('2026-03-06T07:00:00Z');
    const known = cookieOf(await signInWithPassword(school, { email, password: TEST_PASSWORD }, owner, t0));
    let t = t0.getTime() + 60_000;
    for (let i = 0; i < 5; i++) {
      const r = await signInWithPassword(school, { email, password: `typo ${i}` }, owner, new Date((t += 1000)), {
        deviceCookie: known,
      });
      expect(r).toEqual({ ok: false, message: SIGN_IN_REFUSED });
    }
    // Held: even the right password waits (a stolen browser gets no more guesses than anyone).
    const held = await signInWithPassword(school, { email, password: TEST_PASSWORD }, owner, new Date((t += 1000)), {
      deviceCookie: known,
    });
    expect(held.ok).toBe(false);
    expect(!held.ok && held.message).toMatch(THROTTLED);
    // Its mistakes did not slow down the account for other browsers.
    expect(await signInWithPassword(school, { email, password: TEST_PASSWORD }, owner, new Date(t))).toMatchObject({
      ok: true,
    });

    t += 30_000;
    const renewed = cookieOf(
      await signInWithPassword(school, { email, password: TEST_PASSWORD }, owner, new Date(t), { deviceCookie: known }),
    );
    expect(renewed).not.toBe(known);
    // The fresh token starts from nothing: a typo and then the password go straight through.
    expect(
      await signInWithPassword(school, { email, password: 'one more typo' }, owner, new Date((t += 1000)), {
        deviceCookie: renewed,
      }),
    ).toEqual({
      ok: false,
      message: SIGN_IN_REFUSED,
    });
    expect(
      await signInWithPassword(school, { email, password: TEST_PASSWORD }, owner, new Date((t += 1000)), {
        deviceCookie: renewed,
      }),
    ).toMatchObject({ ok: true });
    const events = await inSchool(school.id, (tx) =>
      tx
        .select({ details: auditLog.details })
        .from(auditLog)
        .where(and(eq(auditLog.action, 'auth.sign_in_failed'), sql`${auditLog.details}->>'knownDevice' = 'true'`)),
    );
    expect(events.length).toBeGreaterThanOrEqual(6);
  });

  it('a password set from an emailed link makes that browser known, and earlier tokens stop counting', async () => {
    const email = await person('Val');
    const t0 = new Date();
    const before = cookieOf(await signInWithPassword(school, { email, password: TEST_PASSWORD }, owner, t0));
    const t = await lockOut(email, new Date(t0.getTime() + 1000), 6);

    await requestPasswordReset(school, { email }, owner, t);
    const mail = await inSchool(school.id, (tx) =>
      tx.select({ body: outbox.bodyText }).from(outbox).where(eq(outbox.toAddress, email)),
    );
    const token = /token=([A-Za-z0-9_-]+)/.exec(mail[0]!.body)![1]!;
    const password = 'saffron quarry bicycle ember';
    const { deviceCookie } = await completePasswordReset(school, { token, password, confirm: password }, owner, t, {
      deviceCookie: before,
    });
    expect(deviceCookie).toBeTruthy();

    const afterReset = await signInWithPassword(school, { email, password }, owner, t, { deviceCookie });
    expect(afterReset).toMatchObject({ ok: true });
    const oldToken = await signInWithPassword(school, { email, password }, owner, t, { deviceCookie: before });
    expect(oldToken.ok).toBe(false);
    expect(!oldToken.ok && oldToken.message).toMatch(THROTTLED);
  });
});

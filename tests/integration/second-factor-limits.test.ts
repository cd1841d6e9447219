/**
 * No limit on second-factor guesses (issue: 300 wrong authenticator codes in
 * 5 s from one session, then the right one was accepted). Now: the sign-in
 * rule per person across sessions, the session ended after ten refusals, the
 * person emailed once an hour at most, and every refusal in their security log.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { SoftAuthenticator } from '../support/soft-authenticator';
import { inSchool } from '@/db/scoped';
import { auditLog, outbox, userKeys } from '@/db/schema';
import { getConfig } from '@/lib/config';
import { confirmTotpSetup, elevateWithTotp, startTotpSetup } from '@/lib/auth/keys';
import { KEY_ATTEMPTS_SIGNED_OUT, KeyAttemptsSessionEndedError } from '@/lib/auth/second-factor-limit';
import { listMySecurityEvents } from '@/lib/auth/security-log';
import { resolveSession } from '@/lib/auth/sessions';
import { verifyTotp } from '@/lib/auth/totp';
import {
  elevateWithWebAuthn,
  finishWebAuthnRegistration,
  startWebAuthnElevation,
  startWebAuthnRegistration,
} from '@/lib/auth/webauthn-keys';
import type { School } from '@/lib/tenancy/context';
import { schoolOrigin } from '@/lib/tenancy/host';

withTestDatabase({ APP_ROOT_DOMAIN: 'haven.localhost:3000' });

const THROTTLED = /^Too many attempts\. Try again in \d+ (second|minute)s?\.$/;
const NOT_RIGHT = 'That code is not right.';
const ALERT_SUBJECT = 'Your Haven key was refused several times';
let school: School;
let origin: string;

beforeAll(async () => {
  school = await makeSchool('second-factor', 'Factor Academy');
  origin = schoolOrigin(school.slug, getConfig().rootDomain, getConfig().protocol);
});

const codeAt = (secret: string, at: Date) =>
  execFileSync('oathtool', ['--totp', '-b', secret, `--now=@${Math.floor(at.getTime() / 1000)}`], {
    encoding: 'utf8',
  }).trim();

/** A six-digit code that is not valid at `at`, nor a step either side (what a guesser mostly sends). */
function wrongCodeAt(secret: string, at: Date): string {
  return ['000000', '111111', '222222', '333333'].find((c) => !verifyTotp(secret, c, at).valid)!;
}

/** A DSL with an authenticator app set up at `at`; returns their id, address and secret. */
async function dslWithApp(at: Date): Promise<{ userId: string; email: string; secret: string }> {
  const email = `dsl.${randomUUID().slice(0, 8)}@factor.test`;
  const userId = await makeUser({ email, displayName: 'Dana Lead', memberships: { 'second-factor': 'DSL' } });
  const { ctx } = await signedIn(school, userId);
  const setup = await startTotpSetup(ctx);
  await confirmTotpSetup(ctx, { setupId: setup.setupId, name: 'Phone', code: codeAt(setup.secret, at) }, at);
  return { userId, email, secret: setup.secret };
}

async function refusalOf(p: Promise<unknown>): Promise<Error> {
  return p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e as Error,
  );
}

async function count(userId: string, action: string): Promise<number> {
  const rows = await inSchool(school.id, (tx) =>
    tx
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(and(eq(auditLog.actorUserId, userId), eq(auditLog.action, action))),
  );
  return rows.length;
}

async function alertsTo(email: string) {
  return inSchool(school.id, (tx) =>
    tx
      .select({ subject: outbox.subject, body: outbox.bodyText })
      .from(outbox)
      .where(and(eq(outbox.toAddress, email), eq(outbox.subject, ALERT_SUBJECT))),
  );
}

describe('authenticator codes', () => {
  it('300 wrong codes from one session, then the right one: refused, and the session ended after ten', async () => {
    const setupAt = new Date(Date.now() - 120_000);
    const { userId, email, secret } = await dslWithApp(setupAt);
    const { ctx, token } = await signedIn(school, userId);
    const t = new Date();
    const wrong = wrongCodeAt(secret, t);

    const messages: string[] = [];
    for (let i = 0; i < 300; i++) messages.push((await refusalOf(elevateWithTotp(ctx, { code: wrong }, t))).message);
    expect(messages.slice(0, 5)).toEqual(Array(5).fill(NOT_RIGHT));
    for (const m of messages.slice(5, 9)) expect(m).toMatch(THROTTLED);
    expect(messages.slice(9)).toEqual(Array(291).fill(KEY_ATTEMPTS_SIGNED_OUT));

    const right = await refusalOf(elevateWithTotp(ctx, { code: codeAt(secret, t) }, t));
    expect(right).toBeInstanceOf(KeyAttemptsSessionEndedError);
    expect(await resolveSession(school.id, token, t)).toBeNull();
    const key = await inSchool(
      school.id,
      (tx) => tx.select({ step: userKeys.totpLastStep }).from(userKeys).where(eq(userKeys.userId, userId)),
      userId,
    );
    expect(key[0]!.step).toBe(Math.floor(setupAt.getTime() / 30_000)); // the right code was never accepted

    expect(await count(userId, 'auth.elevation_failed')).toBe(5);
    expect(await count(userId, 'auth.elevation_throttled')).toBe(5);
    expect(await count(userId, 'auth.signed_out_after_key_failures')).toBe(1);

    // One email, saying what happened and when, and nothing a guesser could use.
    const mail = await alertsTo(email);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.body).toContain('5 attempts to use a key on your Haven account were refused');
    expect(mail[0]!.body).toContain('Factor Academy');
    expect(mail[0]!.body).not.toMatch(/\b\d{6}\b|198\.51|203\.0/);

    // The person sees it all in their own security log.
    const again = await signedIn(school, userId);
    const actions = (await listMySecurityEvents(again.ctx)).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'auth.elevation_failed',
        'auth.elevation_throttled',
        'auth.signed_out_after_key_failures',
        'auth.key_failures_emailed',
      ]),
    );
  });

  it('parallel guesses from one session are judged one after another', async () => {
    const { userId, secret } = await dslWithApp(new Date(Date.now() - 120_000));
    const { ctx } = await signedIn(school, userId);
    const t = new Date();
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, () => elevateWithTotp(ctx, { code: wrongCodeAt(secret, t) }, t)),
    );
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(await count(userId, 'auth.elevation_failed')).toBe(5);
  });

  it('guesses spread over several sessions are limited per person, until the wait is over', async () => {
    const { userId, secret } = await dslWithApp(new Date(Date.now() - 120_000));
    const t = new Date();
    for (let i = 0; i < 5; i++) {
      const { ctx } = await signedIn(school, userId);
      expect((await refusalOf(elevateWithTotp(ctx, { code: wrongCodeAt(secret, t) }, t))).message).toBe(NOT_RIGHT);
    }
    const sixth = await signedIn(school, userId);
    expect((await refusalOf(elevateWithTotp(sixth.ctx, { code: codeAt(secret, t) }, t))).message).toMatch(THROTTLED);
    expect(await resolveSession(school.id, sixth.token, t)).toMatchObject({ elevated: false }); // slowed, not signed out

    const later = new Date(t.getTime() + 30_000);
    const token = await elevateWithTotp(sixth.ctx, { code: codeAt(secret, later) }, later);
    expect(await resolveSession(school.id, token, later)).toMatchObject({ id: userId, elevated: true });
  });

  it('emails the person once an hour at most, however long the guessing goes on', async () => {
    const start = new Date(Date.now() - 120_000);
    const { userId, email, secret } = await dslWithApp(new Date(start.getTime() - 60_000));
    let t = start.getTime();
    let failures = 0;
    while (t < start.getTime() + 75 * 60_000) {
      const { ctx } = await signedIn(school, userId); // a fresh session each time: sessions are not the limit here
      const error = await refusalOf(elevateWithTotp(ctx, { code: wrongCodeAt(secret, new Date(t)) }, new Date(t)));
      const wait = /Try again in (\d+) (second|minute)/.exec(error.message);
      if (wait) t += Number(wait[1]) * (wait[2] === 'minute' ? 60_000 : 1000);
      else {
        expect(error.message).toBe(NOT_RIGHT);
        failures += 1;
        t += 1000;
      }
    }
    // 5 free, then 30 s, 60 s … 15 minutes after each: a dozen guesses in the first hour, then four an hour.
    expect(failures).toBeGreaterThanOrEqual(12);
    expect(failures).toBeLessThanOrEqual(15);
    expect(await alertsTo(email)).toHaveLength(2);
  }, 180_000);
});

describe('security keys and passkeys', () => {
  it('refused answers count towards the same limit: then even a valid one waits', async () => {
    const userId = await makeUser({
      email: `key.${randomUUID().slice(0, 8)}@factor.test`,
      displayName: 'Kit Lead',
      memberships: { 'second-factor': 'DSL' },
    });
    const key = new SoftAuthenticator();
    const reg = await signedIn(school, userId);
    const options = await startWebAuthnRegistration(reg.ctx, origin);
    await finishWebAuthnRegistration(reg.ctx, { name: 'Desk key', response: key.create(options, { origin }), origin });

    const t = new Date();
    // This browser starts its ceremony first; the person touches the key after the refusals below.
    const { ctx, token } = await signedIn(school, userId);
    const challenge = await startWebAuthnElevation(ctx, origin, t);
    const otherOrigin = schoolOrigin('elsewhere', getConfig().rootDomain, getConfig().protocol);
    for (let i = 0; i < 5; i++) {
      const attempt = await signedIn(school, userId);
      const theirs = await startWebAuthnElevation(attempt.ctx, origin, t);
      await refusalOf(
        elevateWithWebAuthn(attempt.ctx, { response: key.get(theirs, { origin: otherOrigin }), origin }, t),
      );
    }
    const held = await refusalOf(elevateWithWebAuthn(ctx, { response: key.get(challenge, { origin }), origin }, t));
    expect(held.message).toMatch(THROTTLED);
    // A new ceremony is refused before the key is asked for.
    expect((await refusalOf(startWebAuthnElevation(ctx, origin, t))).message).toMatch(THROTTLED);
    expect(await resolveSession(school.id, token, t)).toMatchObject({ elevated: false });
    const throttled = await inSchool(school.id, (tx) =>
      tx
        .select({ details: auditLog.details })
        .from(auditLog)
        .where(and(eq(auditLog.actorUserId, userId), eq(auditLog.action, 'auth.elevation_throttled'))),
    );
    expect(throttled.map((r) => r.details)).toEqual([expect.objectContaining({ with: 'webauthn' })]);

    const later = new Date(t.getTime() + 30_000);
    const next = await startWebAuthnElevation(ctx, origin, later);
    const elevated = await elevateWithWebAuthn(ctx, { response: key.get(next, { origin }), origin }, later);
    expect(await resolveSession(school.id, elevated, later)).toMatchObject({ elevated: true });
  });
});

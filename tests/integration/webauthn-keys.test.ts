/**
 * Security keys and passkeys against a real database, with a software
 * authenticator: registration, elevation, and the refusals that matter —
 * a wrong origin, a reused or expired challenge, another person's challenge,
 * another person's credential, a counter that did not go up — each of which
 * must leave an audit entry.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq, like, sql } from 'drizzle-orm';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { SoftAuthenticator } from '../support/soft-authenticator';
import { privileged } from '@/db/privileged';
import { inSchool } from '@/db/scoped';
import { auditLog, rateLimitHits, userKeys, webauthnChallenges } from '@/db/schema';
import { getConfig } from '@/lib/config';
import { listMyKeys } from '@/lib/auth/keys';
import { resolveSession } from '@/lib/auth/sessions';
import { WebAuthnVerificationError, type WebAuthnFailure } from '@/lib/auth/webauthn';
import {
  ALREADY_REGISTERED,
  elevateWithWebAuthn,
  finishAddKeyForm,
  finishWebAuthnRegistration,
  NOT_YOUR_KEY,
  startWebAuthnElevation,
  startWebAuthnRegistration,
  UNREADABLE_RESPONSE,
} from '@/lib/auth/webauthn-keys';
import type { School, UserCtx } from '@/lib/tenancy/context';
import { schoolOrigin } from '@/lib/tenancy/host';

// A deployment's root domain has a dot (haven.example.org): one RP ID for every school.
withTestDatabase({ APP_ROOT_DOMAIN: 'haven.localhost:3000' });

let school: School;
let other: School;
let origin: string;
let otherOrigin: string;
let aliceId: string;
let bobId: string;
let teacherId: string;
const alicesKey = new SoftAuthenticator();
const bobsKey = new SoftAuthenticator();

beforeAll(async () => {
  school = await makeSchool('wa-keys', 'Keys Academy');
  other = await makeSchool('wa-other', 'Other Academy');
  const { rootDomain, protocol } = getConfig();
  origin = schoolOrigin(school.slug, rootDomain, protocol);
  otherOrigin = schoolOrigin(other.slug, rootDomain, protocol);
  aliceId = await makeUser({
    email: 'alice@keys.test',
    displayName: 'Alice Lead',
    memberships: { 'wa-keys': 'DSL', 'wa-other': 'DSL' },
  });
  bobId = await makeUser({ email: 'bob@keys.test', displayName: 'Bob Lead', memberships: { 'wa-keys': 'DSL' } });
  teacherId = await makeUser({
    email: 'teacher@keys.test',
    displayName: 'Tess Teacher',
    memberships: { 'wa-keys': 'Teachers' },
  });
  await register(aliceId, alicesKey, 'Alice’s desk key');
  await register(bobId, bobsKey, 'Bob’s key');
});

/** Registers a key through the services, as the Security keys page does. */
async function register(
  userId: string,
  authenticator: SoftAuthenticator,
  name: string,
  opts: { elevated?: boolean } = {},
): Promise<string> {
  const { ctx } = await signedIn(school, userId, opts);
  const options = await startWebAuthnRegistration(ctx, origin);
  const response = authenticator.create(options, { origin });
  return (await finishWebAuthnRegistration(ctx, { name, response, origin })).keyId;
}

/** A fresh, unelevated session of the person, its token and the options of a started elevation. */
async function startElevation(userId: string) {
  const session = await signedIn(school, userId);
  const options = await startWebAuthnElevation(session.ctx, origin);
  return { ...session, options };
}

async function refusal(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

async function expectVerificationRefusal(promise: Promise<unknown>, reason: WebAuthnFailure): Promise<void> {
  const error = await refusal(promise);
  expect(error).toBeInstanceOf(WebAuthnVerificationError);
  expect((error as WebAuthnVerificationError).reason).toBe(reason);
}

/** Audit entries of failed elevations by the person for a reason. */
async function failedElevations(userId: string, reason: string): Promise<number> {
  const rows = await inSchool(school.id, (tx) =>
    tx
      .select({ n: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.actorUserId, userId),
          eq(auditLog.action, 'auth.elevation_failed'),
          sql`${auditLog.details}->>'reason' = ${reason}`,
          sql`${auditLog.details}->>'with' = 'webauthn'`,
        ),
      ),
  );
  return rows[0]?.n ?? 0;
}

/** Runs `attempt` and checks that it left exactly one more audit entry for `reason`. */
async function expectAudited(userId: string, reason: string, attempt: () => Promise<void>): Promise<void> {
  const before = await failedElevations(userId, reason);
  await attempt();
  expect(await failedElevations(userId, reason)).toBe(before + 1);
}

async function storedCounter(keyId: string): Promise<number | null> {
  const rows = await inSchool(
    school.id,
    (tx) => tx.select({ counter: userKeys.webauthnCounter }).from(userKeys).where(eq(userKeys.id, keyId)),
    aliceId,
  );
  return rows[0]?.counter ?? null;
}

describe('registering a security key', () => {
  it('stores a confirmed key for the person, lists it, and audits it', async () => {
    const { ctx } = await signedIn(school, aliceId);
    const keys = await listMyKeys(ctx);
    expect(keys).toEqual([expect.objectContaining({ kind: 'webauthn', name: 'Alice’s desk key' })]);
    const rows = await inSchool(
      school.id,
      (tx) => tx.select().from(userKeys).where(eq(userKeys.userId, aliceId)),
      aliceId,
    );
    expect(rows[0]).toMatchObject({ kind: 'webauthn', webauthnCounter: 0, webauthnTransports: ['usb'] });
    expect(rows[0]!.confirmedAt).toBeInstanceOf(Date);
    expect(rows[0]!.webauthnPublicKey).toMatch(/^[A-Za-z0-9_-]+$/);
    const added = await inSchool(school.id, (tx) =>
      tx
        .select({ details: auditLog.details })
        .from(auditLog)
        .where(and(eq(auditLog.actorUserId, aliceId), eq(auditLog.action, 'auth.key_added'))),
    );
    expect(added.map((a) => a.details)).toEqual([
      expect.objectContaining({ kind: 'webauthn', name: 'Alice’s desk key' }),
    ]);
  });

  it('binds the challenge to the person and origin for five minutes, and excludes keys already registered', async () => {
    const { ctx } = await signedIn(school, aliceId, { elevated: true });
    const now = new Date('2026-05-01T10:00:00Z');
    const options = await startWebAuthnRegistration(ctx, origin, now);
    expect(options.excludeCredentials?.length).toBe(1);
    expect(() => alicesKey.create(options, { origin })).toThrow(/already registered/);
    const rows = await inSchool(
      school.id,
      (tx) => tx.select().from(webauthnChallenges).where(eq(webauthnChallenges.challenge, options.challenge)),
      aliceId,
    );
    expect(rows[0]).toMatchObject({
      userId: aliceId,
      purpose: 'register',
      origin,
      usedAt: null,
      expiresAt: new Date('2026-05-01T10:05:00Z'),
    });
  });

  it('uses a registration challenge once only', async () => {
    const { ctx } = await signedIn(school, aliceId, { elevated: true });
    const options = await startWebAuthnRegistration(ctx, origin);
    const response = new SoftAuthenticator().create(options, { origin });
    await finishWebAuthnRegistration(ctx, { name: 'Spare key', response, origin });
    await expectVerificationRefusal(
      finishWebAuthnRegistration(ctx, { name: 'Spare key again', response, origin }),
      'wrong-challenge',
    );
    expect((await listMyKeys(ctx)).map((k) => k.name)).toEqual(expect.arrayContaining(['Spare key']));
    expect((await listMyKeys(ctx)).map((k) => k.name)).not.toContain('Spare key again');
  });

  it('refuses an expired challenge, a response signed for another origin, and a request from another school', async () => {
    const { ctx } = await signedIn(school, aliceId, { elevated: true });
    const t0 = new Date();
    const late = await startWebAuthnRegistration(ctx, origin, t0);
    const lateResponse = new SoftAuthenticator().create(late, { origin });
    await expectVerificationRefusal(
      finishWebAuthnRegistration(
        ctx,
        { name: 'Late', response: lateResponse, origin },
        new Date(t0.getTime() + 5 * 60_000 + 1),
      ),
      'wrong-challenge',
    );

    const options = await startWebAuthnRegistration(ctx, origin);
    const forged = new SoftAuthenticator().create(options, { origin: otherOrigin });
    await expectVerificationRefusal(
      finishWebAuthnRegistration(ctx, { name: 'Forged', response: forged, origin }),
      'wrong-origin',
    );

    await expectVerificationRefusal(startWebAuthnRegistration(ctx, otherOrigin), 'origin-not-allowed');
    await expectVerificationRefusal(startWebAuthnRegistration(ctx, 'https://evil.example'), 'origin-not-allowed');
  });

  it('asks a key holder to use a key before adding another', async () => {
    const { ctx } = await signedIn(school, aliceId);
    expect(ctx.user.elevated).toBe(false);
    await expect(startWebAuthnRegistration(ctx, origin)).rejects.toThrow(/first use a key you already have/);
  });

  it('validates the name: 1–60 characters after trimming', async () => {
    const { ctx } = await signedIn(school, teacherId);
    const options = await startWebAuthnRegistration(ctx, origin);
    const response = new SoftAuthenticator().create(options, { origin });
    await expect(finishWebAuthnRegistration(ctx, { name: '   ', response, origin })).rejects.toThrow();
    await expect(finishWebAuthnRegistration(ctx, { name: 'x'.repeat(61), response, origin })).rejects.toThrow();
    await finishWebAuthnRegistration(ctx, { name: ` ${'x'.repeat(60)} `, response, origin });
    expect((await listMyKeys(ctx)).map((k) => k.name)).toEqual(['x'.repeat(60)]);
  });

  it('parses the form’s JSON answer with a size limit', () => {
    expect(finishAddKeyForm.safeParse({ name: 'Key', response: '{not json' }).error?.issues[0]?.message).toBe(
      UNREADABLE_RESPONSE,
    );
    expect(
      finishAddKeyForm.safeParse({ name: 'Key', response: `"${'a'.repeat(40_000)}"` }).error?.issues[0]?.message,
    ).toBe(UNREADABLE_RESPONSE);
    expect(finishAddKeyForm.safeParse({ name: 'Key', response: '{"id":"abc"}' }).success).toBe(false);
  });

  it('refuses a credential id already registered, even to someone this school cannot see', async () => {
    const elsewhere = await makeUser({
      email: 'elsewhere@other.test',
      displayName: 'Elle Where',
      memberships: { 'wa-other': 'DSL' },
    });
    const { ctx } = await signedIn(school, bobId, { elevated: true });
    const options = await startWebAuthnRegistration(ctx, origin);
    const response = new SoftAuthenticator().create(options, { origin });
    await privileged('school-setup', 'test: a clashing credential', (tx) =>
      tx.insert(userKeys).values({
        id: randomUUID(),
        userId: elsewhere,
        kind: 'webauthn',
        name: 'Theirs',
        confirmedAt: new Date(),
        webauthnCredentialId: response.id,
        webauthnPublicKey: 'AA',
        webauthnCounter: 0,
      }),
    );
    await expect(finishWebAuthnRegistration(ctx, { name: 'Clash', response, origin })).rejects.toThrow(
      ALREADY_REGISTERED,
    );
    expect((await listMyKeys(ctx)).map((k) => k.name)).not.toContain('Clash');
  });
});

describe('elevating with a security key', () => {
  // Each case is one refusal and its reason, seconds apart: the limit on refusals
  // per person (second-factor-limits.test.ts) is not what these cases are about.
  beforeEach(async () => {
    await privileged('job', 'test', (tx) => tx.delete(rateLimitHits).where(like(rateLimitHits.key, 'second-factor-%')));
  });

  it('elevates the session, rotates its token, moves the counter on and audits it', async () => {
    const { token, ctx, options } = await startElevation(aliceId);
    expect(options.allowCredentials?.length).toBeGreaterThanOrEqual(1);
    const response = alicesKey.get(options, { origin });
    const newToken = await elevateWithWebAuthn(ctx, { response, origin });
    expect(newToken).not.toBe(token);
    expect(await resolveSession(school.id, token, new Date())).toBeNull();
    expect(await resolveSession(school.id, newToken, new Date())).toMatchObject({ id: aliceId, elevated: true });
    const key = (await listMyKeys(ctx)).find((k) => k.name === 'Alice’s desk key')!;
    expect(key.lastUsedAt).toBeInstanceOf(Date);
    expect(await storedCounter(key.id)).toBe(1);
    const elevated = await inSchool(school.id, (tx) =>
      tx
        .select({ details: auditLog.details })
        .from(auditLog)
        .where(and(eq(auditLog.actorUserId, aliceId), eq(auditLog.action, 'auth.elevated'))),
    );
    expect(elevated.map((e) => e.details)).toContainEqual(expect.objectContaining({ with: 'webauthn', keyId: key.id }));
  });

  it('refuses an assertion signed for another origin', async () => {
    const { ctx, options } = await startElevation(aliceId);
    const response = alicesKey.get(options, { origin: otherOrigin });
    await expectAudited(aliceId, 'wrong-origin', () =>
      expectVerificationRefusal(elevateWithWebAuthn(ctx, { response, origin }), 'wrong-origin'),
    );
  });

  it('refuses a request whose own origin is not this school’s', async () => {
    const { ctx, options } = await startElevation(aliceId);
    const response = alicesKey.get(options, { origin: otherOrigin });
    await expectAudited(aliceId, 'origin-not-allowed', () =>
      expectVerificationRefusal(elevateWithWebAuthn(ctx, { response, origin: otherOrigin }), 'origin-not-allowed'),
    );
    await expect(startWebAuthnElevation(ctx, otherOrigin)).rejects.toBeInstanceOf(WebAuthnVerificationError);
  });

  it('refuses a reused challenge, even from two requests at the same moment', async () => {
    const { ctx, options } = await startElevation(aliceId);
    const response = alicesKey.get(options, { origin });
    await elevateWithWebAuthn(ctx, { response, origin });
    const { ctx: again } = await signedIn(school, aliceId);
    await expectAudited(aliceId, 'wrong-challenge', () =>
      expectVerificationRefusal(elevateWithWebAuthn(again, { response, origin }), 'wrong-challenge'),
    );

    const race = await startElevation(aliceId);
    const raced = alicesKey.get(race.options, { origin });
    const { ctx: second } = await signedIn(school, aliceId);
    const results = await Promise.allSettled([
      elevateWithWebAuthn(race.ctx, { response: raced, origin }),
      elevateWithWebAuthn(second, { response: raced, origin }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
    expect(refused.reason).toBeInstanceOf(WebAuthnVerificationError);
    expect((refused.reason as WebAuthnVerificationError).reason).toBe('wrong-challenge');
  });

  it('refuses an expired challenge', async () => {
    const session = await signedIn(school, aliceId);
    const t0 = new Date();
    const options = await startWebAuthnElevation(session.ctx, origin, t0);
    const response = alicesKey.get(options, { origin });
    await expectAudited(aliceId, 'wrong-challenge', () =>
      expectVerificationRefusal(
        elevateWithWebAuthn(session.ctx, { response, origin }, new Date(t0.getTime() + 5 * 60_000 + 1)),
        'wrong-challenge',
      ),
    );
  });

  it('refuses a counter that did not go up (a cloned key) and keeps the stored counter', async () => {
    const key = (await listMyKeys((await signedIn(school, aliceId)).ctx)).find((k) => k.name === 'Alice’s desk key')!;
    const before = (await storedCounter(key.id))!;
    expect(before).toBeGreaterThan(0);
    const { ctx, options } = await startElevation(aliceId);
    const response = alicesKey.get(options, { origin, signCount: before });
    await expectAudited(aliceId, 'counter-not-increased', () =>
      expectVerificationRefusal(elevateWithWebAuthn(ctx, { response, origin }), 'counter-not-increased'),
    );
    expect(await storedCounter(key.id)).toBe(before);
    const back = await startElevation(aliceId);
    await expectAudited(aliceId, 'counter-not-increased', () =>
      expectVerificationRefusal(
        elevateWithWebAuthn(back.ctx, {
          response: alicesKey.get(back.options, { origin, signCount: before - 1 }),
          origin,
        }),
        'counter-not-increased',
      ),
    );
  });

  it('of two assertions with the same counter at the same moment (a cloned key), only one passes', async () => {
    const key = (await listMyKeys((await signedIn(school, aliceId)).ctx)).find((k) => k.name === 'Alice’s desk key')!;
    const next = (await storedCounter(key.id))! + 1;
    const first = await startElevation(aliceId);
    const second = await startElevation(aliceId);
    const results = await Promise.allSettled([
      elevateWithWebAuthn(first.ctx, { response: alicesKey.get(first.options, { origin, signCount: next }), origin }),
      elevateWithWebAuthn(second.ctx, { response: alicesKey.get(second.options, { origin, signCount: next }), origin }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
    expect((refused.reason as WebAuthnVerificationError).reason).toBe('counter-not-increased');
    expect(await storedCounter(key.id)).toBe(next);
  });

  it('refuses another person’s challenge, and leaves it for them', async () => {
    const bobs = await startElevation(bobId);
    const alice = await signedIn(school, aliceId);
    // Alice's key signs the challenge issued to Bob (as if she had obtained it).
    const response = alicesKey.get({ ...bobs.options, allowCredentials: [] }, { origin });
    await expectAudited(aliceId, 'wrong-challenge', () =>
      expectVerificationRefusal(elevateWithWebAuthn(alice.ctx, { response, origin }), 'wrong-challenge'),
    );
    // Bob's challenge was not spent by Alice's attempt.
    const token = await elevateWithWebAuthn(bobs.ctx, { response: bobsKey.get(bobs.options, { origin }), origin });
    expect(await resolveSession(school.id, token, new Date())).toMatchObject({ id: bobId, elevated: true });
  });

  it('refuses another person’s credential on one’s own challenge', async () => {
    const alice = await startElevation(aliceId);
    // Bob's key answers Alice's challenge: a valid signature, but not her key.
    const response = bobsKey.get({ ...alice.options, allowCredentials: [] }, { origin });
    await expectAudited(aliceId, 'unknown-credential', async () => {
      const error = await refusal(elevateWithWebAuthn(alice.ctx, { response, origin }));
      expect(error.message).toBe(NOT_YOUR_KEY);
    });
    expect((await resolveSession(school.id, alice.token, new Date()))?.elevated).toBe(false);
  });

  it('refuses a challenge issued on another school’s origin', async () => {
    // Alice is a member of both schools: a challenge from the other school's page is not valid here.
    const there = await signedIn(other, aliceId);
    const options = await startWebAuthnElevation(there.ctx, otherOrigin);
    const response = alicesKey.get(options, { origin });
    const here = await signedIn(school, aliceId);
    await expectAudited(aliceId, 'wrong-challenge', () =>
      expectVerificationRefusal(elevateWithWebAuthn(here.ctx, { response, origin }), 'wrong-challenge'),
    );
  });

  it('a removed key no longer elevates', async () => {
    const spareKey = new SoftAuthenticator();
    const keyId = await register(aliceId, spareKey, 'To be removed', { elevated: true });
    await inSchool(
      school.id,
      (tx) => tx.update(userKeys).set({ removedAt: new Date() }).where(eq(userKeys.id, keyId)),
      aliceId,
    );
    const { ctx, options } = await startElevation(aliceId);
    expect(options.allowCredentials?.map((c) => c.id)).not.toContain(keyId);
    const response = spareKey.get({ ...options, allowCredentials: [] }, { origin });
    await expectAudited(aliceId, 'unknown-credential', () =>
      refusal(elevateWithWebAuthn(ctx, { response, origin })).then(() => undefined),
    );
  });

  it('a person whose group has no key access cannot elevate, and one without a security key is told so', async () => {
    const teacher = await signedIn(school, teacherId);
    await expect(startWebAuthnElevation(teacher.ctx, origin)).rejects.toThrow(/no key access/);
    const nokeys = await makeUser({
      email: 'nokeys@keys.test',
      displayName: 'Nora Nokeys',
      memberships: { 'wa-keys': 'DSL' },
    });
    const { ctx } = await signedIn(school, nokeys);
    await expect(startWebAuthnElevation(ctx as UserCtx, origin)).rejects.toThrow(/no security key or passkey yet/);
  });
});

/**
 * Sign-in, sessions, keys and reset links against a real database: the abuse
 * cases named by the identity work (throttling, replayed codes, expired and
 * reused links, another school's session, deactivation on the next request).
 */
import { execFileSync } from 'node:child_process';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq, like, sql } from 'drizzle-orm';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn, TEST_PASSWORD } from '../support/identity';
import { inSchool, rowsOf } from '@/db/scoped';
import { privileged } from '@/db/privileged';
import { auditLog, memberships, outbox, passwordResetTokens, rateLimitHits, users } from '@/db/schema';
import { signInWithPassword, SIGN_IN_REFUSED } from '@/lib/auth/sign-in';
import { resolveSession } from '@/lib/auth/sessions';
import { confirmTotpSetup, elevateWithTotp, listMyKeys, removeMyKey, startTotpSetup } from '@/lib/auth/keys';
import { completePasswordReset, requestPasswordReset, RESET_REQUESTED_MESSAGE } from '@/lib/auth/password-reset';
import type { School } from '@/lib/tenancy/context';

withTestDatabase();

const meta = { ip: '198.51.100.20', userAgent: 'vitest' };
let a: School;
let b: School;
let teacherId: string;
let dslId: string;
let ssoId: string;

beforeAll(async () => {
  a = await makeSchool('ident-a', 'Alpha Academy');
  b = await makeSchool('ident-b', 'Beta Primary');
  teacherId = await makeUser({
    email: 'teacher@alpha.test',
    displayName: 'Tia Teacher',
    memberships: { 'ident-a': 'Teachers' },
  });
  dslId = await makeUser({ email: 'dsl@alpha.test', displayName: 'Dee Lead', memberships: { 'ident-a': 'DSL' } });
  ssoId = await makeUser({
    email: 'sso@trust.test',
    displayName: 'Sam Both',
    memberships: { 'ident-a': 'DSL', 'ident-b': 'DSL' },
  });
});

const oathtool = (secret: string, atSeconds: number) =>
  execFileSync('oathtool', ['--totp', '-b', secret, `--now=@${atSeconds}`], { encoding: 'utf8' }).trim();

describe('password sign-in', () => {
  it('signs in with the right password and creates a session', async () => {
    const r = await signInWithPassword(a, { email: ' Teacher@Alpha.test ', password: TEST_PASSWORD }, meta);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const user = await resolveSession(a.id, r.token, new Date());
    expect(user).toMatchObject({ id: teacherId, userGroupName: 'Teachers', elevated: false, mayElevate: false });
  });

  it('gives one neutral answer for a wrong password, an unknown address and another school’s member', async () => {
    for (const attempt of [
      { email: 'teacher@alpha.test', password: 'wrong password here' },
      { email: 'nobody@alpha.test', password: TEST_PASSWORD },
    ]) {
      expect(await signInWithPassword(a, attempt, { ...meta, ip: '198.51.100.21' })).toEqual({
        ok: false,
        message: SIGN_IN_REFUSED,
      });
    }
    // A member of school A cannot sign in on school B's subdomain.
    expect(
      await signInWithPassword(
        b,
        { email: 'teacher@alpha.test', password: TEST_PASSWORD },
        { ...meta, ip: '198.51.100.22' },
      ),
    ).toEqual({ ok: false, message: SIGN_IN_REFUSED });
  });

  it('throttles an account after repeated failures, even with the right password, with a delay not a lock', async () => {
    const email = 'dsl@alpha.test';
    const t0 = new Date('2026-03-02T09:00:00Z');
    for (let i = 0; i < 5; i++) {
      const r = await signInWithPassword(
        a,
        { email, password: `wrong ${i}` },
        { ...meta, ip: `192.0.2.${i}` },
        new Date(t0.getTime() + i * 1000),
      );
      expect(r).toEqual({ ok: false, message: SIGN_IN_REFUSED });
    }
    const blocked = await signInWithPassword(
      a,
      { email, password: TEST_PASSWORD },
      { ...meta, ip: '192.0.2.99' },
      new Date(t0.getTime() + 6000),
    );
    expect(blocked.ok).toBe(false);
    expect(!blocked.ok && blocked.message).toMatch(/^Too many attempts\. Try again in \d+ (second|minute)s?\.$/);
    // After the window, the right password works again: never a permanent lock.
    const later = await signInWithPassword(
      a,
      { email, password: TEST_PASSWORD },
      { ...meta, ip: '192.0.2.99' },
      new Date(t0.getTime() + 16 * 60_000),
    );
    expect(later.ok).toBe(true);
    const events = await inSchool(a.id, (tx) =>
      tx.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.actorUserId, dslId)),
    );
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['auth.sign_in_failed', 'auth.signed_in']));
  });

  it('throttles by IP across accounts', async () => {
    const ip = '203.0.113.250';
    const t0 = new Date('2026-03-03T09:00:00Z');
    for (let i = 0; i < 30; i++) {
      await signInWithPassword(
        a,
        { email: `guess${i}@alpha.test`, password: 'x' },
        { ...meta, ip },
        new Date(t0.getTime() + i * 100),
      );
    }
    const r = await signInWithPassword(
      a,
      { email: 'teacher@alpha.test', password: TEST_PASSWORD },
      { ...meta, ip },
      new Date(t0.getTime() + 4000),
    );
    expect(r.ok).toBe(false);
  });
});

describe('sessions', () => {
  it('a session of school A is nothing at school B', async () => {
    const { token } = await signedIn(a, ssoId);
    expect(await resolveSession(b.id, token, new Date())).toBeNull();
  });

  it('deactivating the membership ends an open session on the next request', async () => {
    const { token } = await signedIn(a, teacherId);
    await privileged('school-setup', 'test', (tx) =>
      tx
        .update(memberships)
        .set({ status: 'deactivated' })
        .where(and(eq(memberships.schoolId, a.id), eq(memberships.userId, teacherId))),
    );
    expect(await resolveSession(a.id, token, new Date())).toBeNull();
    await privileged('school-setup', 'test', (tx) =>
      tx
        .update(memberships)
        .set({ status: 'active' })
        .where(and(eq(memberships.schoolId, a.id), eq(memberships.userId, teacherId))),
    );
  });

  it('an idle session expires on the server', async () => {
    const start = new Date('2026-03-04T09:00:00Z');
    const { token } = await signedIn(a, teacherId, { now: start });
    expect(await resolveSession(a.id, token, new Date(start.getTime() + 60 * 60_000))).not.toBeNull();
    expect(await resolveSession(a.id, token, new Date(start.getTime() + 60 * 60_000 + 121 * 60_000))).toBeNull();
  });

  it('a school cannot see people who are only members elsewhere', async () => {
    const bOnly = await makeUser({
      email: 'only-b@beta.test',
      displayName: 'Bea Only',
      memberships: { 'ident-b': 'Teachers' },
    });
    const seen = await inSchool(a.id, (tx) => tx.select({ id: users.id }).from(users));
    expect(seen.map((u) => u.id)).not.toContain(bOnly);
    expect(seen.map((u) => u.id)).toContain(teacherId);
  });
});

describe('authenticator keys', () => {
  it('adds an app, elevates with a code once, refuses the replay and a concurrent duplicate', async () => {
    const { ctx } = await signedIn(a, dslId);
    const setup = await startTotpSetup(ctx);
    expect(setup.secret).toMatch(/^[A-Z2-7]{32,}$/);
    const t = Math.floor(Date.now() / 1000);
    await expect(
      confirmTotpSetup(ctx, { setupId: setup.setupId, name: 'Phone', code: '000000' }, new Date(t * 1000)),
    ).rejects.toThrow('That code is not right.');
    await confirmTotpSetup(
      ctx,
      { setupId: setup.setupId, name: 'Phone', code: oathtool(setup.secret, t) },
      new Date(t * 1000),
    );

    const later = t + 60;
    const code = oathtool(setup.secret, later);
    const { ctx: s1 } = await signedIn(a, dslId);
    const { ctx: s2 } = await signedIn(a, dslId);
    const results = await Promise.allSettled([
      elevateWithTotp(s1, { code }, new Date(later * 1000)),
      elevateWithTotp(s2, { code }, new Date(later * 1000)),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason.message).toMatch(/already been used/);
    const replays = await inSchool(a.id, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.actorUserId, dslId), eq(auditLog.action, 'auth.totp_replay_refused'))),
    );
    expect(replays.length).toBe(1);
  });

  it('a key holder changes keys only with a key in use: a stolen password cannot swap them', async () => {
    const { ctx: notElevated } = await signedIn(a, dslId); // dslId has an app from the test above
    expect(notElevated.user.keyCount).toBe(1);
    await expect(startTotpSetup(notElevated)).rejects.toThrow(/first use a key you already have/);
    const keys = await listMyKeys(notElevated);
    await expect(removeMyKey(notElevated, keys[0]!.id)).rejects.toThrow(/first use a key you already have/);
    const { ctx: elevated } = await signedIn(a, dslId, { elevated: true });
    expect(elevated.user.elevated).toBe(true);
    await expect(startTotpSetup(elevated)).resolves.toMatchObject({ setupId: expect.any(String) });
  });

  it('a non-key user cannot elevate', async () => {
    const { ctx } = await signedIn(a, teacherId);
    await expect(elevateWithTotp(ctx, { code: '123456' })).rejects.toThrow(/no key access/);
  });
});

describe('password reset links', () => {
  // Each case asks for links of its own, seconds apart: the per-address limit on
  // asking (password-reset-limits.test.ts) is not what these cases are about.
  beforeEach(async () => {
    await privileged('job', 'test', (tx) => tx.delete(rateLimitHits).where(like(rateLimitHits.key, 'reset-%')));
  });

  const tokenFromOutbox = async (to: string) => {
    const rows = await privileged('job', 'test', async (tx) =>
      rowsOf<{ body_text: string }>(
        await tx.execute(sql`select body_text from outbox where to_address = ${to} order by created_at desc limit 1`),
      ),
    );
    return /token=([A-Za-z0-9_-]+)/.exec(rows[0]!.body_text)![1]!;
  };

  it('answers the same whether or not the address exists, and sends a content-free link only to a member', async () => {
    expect(await requestPasswordReset(a, { email: 'nobody@alpha.test' }, meta)).toBe(RESET_REQUESTED_MESSAGE);
    expect(await requestPasswordReset(a, { email: 'teacher@alpha.test' }, meta)).toBe(RESET_REQUESTED_MESSAGE);
    const mail = await inSchool(a.id, (tx) => tx.select().from(outbox));
    expect(mail.map((m) => m.toAddress)).toEqual(['teacher@alpha.test']);
    expect(mail[0]!.bodyText).toContain('http://ident-a.localhost:3000/reset-password?token=');
  });

  it('refuses a weak password with a message by the field, then sets a strong one, once', async () => {
    await requestPasswordReset(a, { email: 'teacher@alpha.test' }, meta);
    const token = await tokenFromOutbox('teacher@alpha.test');
    await expect(
      completePasswordReset(a, { token, password: 'password1234', confirm: 'password1234' }, meta),
    ).rejects.toMatchObject({
      fieldErrors: { password: [expect.any(String)] },
    });
    await completePasswordReset(
      a,
      { token, password: 'violet harbour kettle summit', confirm: 'violet harbour kettle summit' },
      meta,
    );
    await expect(
      completePasswordReset(
        a,
        { token, password: 'another fine long phrase', confirm: 'another fine long phrase' },
        meta,
      ),
    ).rejects.toThrow(/expired or has already been used/);
    const r = await signInWithPassword(
      a,
      { email: 'teacher@alpha.test', password: 'violet harbour kettle summit' },
      { ...meta, ip: '198.51.100.77' },
    );
    expect(r.ok).toBe(true);
  });

  it('a newer link cancels the older one; a link expires at midnight school time', async () => {
    const morning = new Date('2026-06-10T08:00:00Z'); // 09:00 in London (BST)
    await requestPasswordReset(a, { email: 'dsl@alpha.test' }, meta, morning);
    const first = await tokenFromOutbox('dsl@alpha.test');
    await requestPasswordReset(a, { email: 'dsl@alpha.test' }, meta, new Date(morning.getTime() + 60_000));
    const second = await tokenFromOutbox('dsl@alpha.test');
    expect(second).not.toBe(first);
    await expect(
      completePasswordReset(
        a,
        { token: first, password: 'copper lantern meadow violin', confirm: 'copper lantern meadow violin' },
        meta,
        morning,
      ),
    ).rejects.toThrow(/expired/);
    const afterMidnight = new Date('2026-06-10T23:00:01Z'); // 00:00:01 on the 11th in London
    await expect(
      completePasswordReset(
        a,
        { token: second, password: 'copper lantern meadow violin', confirm: 'copper lantern meadow violin' },
        meta,
        afterMidnight,
      ),
    ).rejects.toThrow(/expired/);
    const stored = await inSchool(a.id, (tx) =>
      tx
        .select({ expiresAt: passwordResetTokens.expiresAt })
        .from(passwordResetTokens)
        .where(eq(passwordResetTokens.userId, dslId)),
    );
    expect(stored.map((s) => s.expiresAt.toISOString())).toContain('2026-06-10T23:00:00.000Z');
  });

  it('changing the password ends every session in every school and tells the person', async () => {
    const inA = await signedIn(a, ssoId);
    const inB = await signedIn(b, ssoId);
    await requestPasswordReset(b, { email: 'sso@trust.test' }, meta);
    const token = await tokenFromOutbox('sso@trust.test');
    await completePasswordReset(
      b,
      { token, password: 'granite willow parcel drift', confirm: 'granite willow parcel drift' },
      meta,
    );
    expect(await resolveSession(a.id, inA.token, new Date())).toBeNull();
    expect(await resolveSession(b.id, inB.token, new Date())).toBeNull();
    const mail = await inSchool(b.id, (tx) =>
      tx.select({ subject: outbox.subject }).from(outbox).where(eq(outbox.toAddress, 'sso@trust.test')),
    );
    expect(mail.map((m) => m.subject)).toContain('Your Haven password was changed');
  });

  it('a link sent by school A does not work on school B', async () => {
    await requestPasswordReset(a, { email: 'sso@trust.test' }, meta);
    const token = await tokenFromOutbox('sso@trust.test');
    await expect(
      completePasswordReset(
        b,
        { token, password: 'maple orbit cinder flute', confirm: 'maple orbit cinder flute' },
        meta,
      ),
    ).rejects.toThrow(/expired or has already been used/);
    await expect(
      completePasswordReset(
        a,
        { token, password: 'maple orbit cinder flute', confirm: 'maple orbit cinder flute' },
        meta,
      ),
    ).resolves.toEqual({ deviceCookie: expect.any(String) });
  });
});

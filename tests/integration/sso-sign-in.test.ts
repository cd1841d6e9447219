/**
 * Sign-in with the school's Microsoft or Google account: the decision taken
 * after the identity provider has answered. Only an allowed provider, an
 * allowed domain, a verified address and an active member of THIS school get a
 * session (the same session and audit row as a password sign-in); everything
 * else gets the password form's neutral refusal, its reason only in the log.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { inSchool } from '@/db/scoped';
import { privileged } from '@/db/privileged';
import { auditLog, memberships, schools } from '@/db/schema';
import { updateSchoolSettings } from '@/lib/admin';
import { resolveSession } from '@/lib/auth/sessions';
import { SIGN_IN_REFUSED } from '@/lib/auth/sign-in';
import { configuredSsoProviders, signInWithSso, ssoProvidersFor } from '@/lib/auth/sso';
import type { Config } from '@/lib/config';
import { findSchoolBySlug } from '@/lib/schools/queries';
import type { School } from '@/lib/tenancy/context';

withTestDatabase();

const meta = { ip: '198.51.100.40', userAgent: 'vitest' };
const provider = { clientId: 'haven', clientSecret: 'secret', issuer: 'http://127.0.0.1:1/' };
const both: Config['sso'] = { microsoft: provider, google: provider };
const refused = { ok: false, message: SIGN_IN_REFUSED };

let a: School;
let b: School;
let adminId: string;
let teacherId: string;
let leaverId: string;
let otherSchoolId: string;

beforeAll(async () => {
  a = await makeSchool('sso-a', 'Oak Academy');
  b = await makeSchool('sso-b', 'Birch Primary');
  adminId = await makeUser({
    email: 'admin@oak.sch.uk',
    displayName: 'Ada Admin',
    memberships: { 'sso-a': 'DSL' },
    totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  });
  teacherId = await makeUser({ email: 'Teacher@Oak.sch.uk', displayName: 'Tia', memberships: { 'sso-a': 'Teachers' } });
  leaverId = await makeUser({ email: 'leaver@oak.sch.uk', displayName: 'Lee', memberships: { 'sso-a': 'Teachers' } });
  otherSchoolId = await makeUser({
    email: 'birch@oak.sch.uk',
    displayName: 'Bo',
    memberships: { 'sso-b': 'Teachers' },
  });
  await privileged('school-setup', 'test', (tx) =>
    tx
      .update(memberships)
      .set({ status: 'deactivated' })
      .where(and(eq(memberships.schoolId, a.id), eq(memberships.userId, leaverId))),
  );
  const { ctx } = await signedIn(a, adminId, { elevated: true });
  await updateSchoolSettings(ctx, {
    idleTimeoutMinutes: '15',
    securityMessage: 'Lock your screen.',
    emailDomainWhitelist: '',
    ssoMicrosoft: 'on',
    ssoGoogle: 'off',
    ssoDomains: 'Oak.sch.uk',
  });
  a = (await findSchoolBySlug('sso-a'))!;
});

const lastSignInRow = (schoolId: string, action: 'auth.signed_in' | 'auth.sign_in_failed') =>
  inSchool(schoolId, async (tx) =>
    (
      await tx
        .select({ actor: auditLog.actorUserId, details: auditLog.details })
        .from(auditLog)
        .where(eq(auditLog.action, action))
        .orderBy(desc(auditLog.at), desc(auditLog.id))
        .limit(1)
    ).at(0),
  );

describe('sign-in with Microsoft or Google', () => {
  it('the admin setting is stored and audited, and the sign-in page offers only configured, allowed providers', async () => {
    expect(a.settings).toMatchObject({ ssoMicrosoft: true, ssoGoogle: false, ssoDomains: ['oak.sch.uk'] });
    expect(ssoProvidersFor(a.settings, both)).toEqual(['microsoft']);
    expect(ssoProvidersFor(a.settings, { microsoft: null, google: provider })).toEqual([]);
    expect(ssoProvidersFor(b.settings, both)).toEqual([]);
    expect(configuredSsoProviders({ microsoft: null, google: provider })).toEqual(['google']);
    const changes = await inSchool(a.id, (tx) =>
      tx.select({ details: auditLog.details }).from(auditLog).where(eq(auditLog.action, 'admin.settings_changed')),
    );
    expect(changes.at(-1)?.details).toMatchObject({ after: { ssoMicrosoft: true, ssoDomains: ['oak.sch.uk'] } });
  });

  it('an admin cannot allow a provider without naming the domains', async () => {
    const { ctx } = await signedIn(b, otherSchoolId);
    await expect(
      updateSchoolSettings(ctx, { idleTimeoutMinutes: '15', securityMessage: 'x', emailDomainWhitelist: '' }),
    ).rejects.toThrow(); // not an admin at all
    const { ctx: admin } = await signedIn(a, adminId, { elevated: true });
    await expect(
      updateSchoolSettings(admin, {
        idleTimeoutMinutes: '15',
        securityMessage: 'x',
        emailDomainWhitelist: '',
        ssoGoogle: 'on',
        ssoDomains: '',
      }),
    ).rejects.toMatchObject({ fieldErrors: { ssoDomains: [expect.stringContaining('email domains')] } });
    expect((await findSchoolBySlug('sso-a'))!.settings).toMatchObject({ ssoGoogle: false, ssoDomains: ['oak.sch.uk'] });
  });

  it('signs a member in with a Haven session and the same audit row as a password sign-in', async () => {
    const r = await signInWithSso(a, { provider: 'microsoft', email: 'TEACHER@oak.sch.uk' }, meta, new Date(), both);
    expect(r).toMatchObject({ ok: true, userId: teacherId, offerKey: false });
    if (!r.ok) return;
    expect(await resolveSession(a.id, r.token, new Date())).toMatchObject({ id: teacherId, elevated: false });
    expect(await resolveSession(b.id, r.token, new Date())).toBeNull();
    expect(await lastSignInRow(a.id, 'auth.signed_in')).toEqual({ actor: teacherId, details: { method: 'microsoft' } });
  });

  it('a key holder still goes on to the key step, not elevated', async () => {
    const r = await signInWithSso(a, { provider: 'microsoft', email: 'admin@oak.sch.uk' }, meta, new Date(), both);
    expect(r).toMatchObject({ ok: true, userId: adminId, offerKey: true });
    if (r.ok) expect(await resolveSession(a.id, r.token, new Date())).toMatchObject({ elevated: false });
  });

  it('refuses everything else with the neutral answer, logging why', async () => {
    const cases: [Parameters<typeof signInWithSso>[1], Config['sso'], string, string | null][] = [
      [{ provider: 'microsoft', email: 'nobody@oak.sch.uk' }, both, 'unknown_email', null],
      [{ provider: 'microsoft', email: 'birch@oak.sch.uk' }, both, 'unknown_email', null], // member of another school
      [{ provider: 'microsoft', email: 'leaver@oak.sch.uk' }, both, 'deactivated', leaverId],
      [
        { provider: 'microsoft', email: 'teacher@oak.sch.uk', emailVerified: false },
        both,
        'unverified_email',
        teacherId,
      ],
      [
        { provider: 'google', email: 'teacher@oak.sch.uk', emailVerified: true },
        both,
        'provider_not_allowed',
        teacherId,
      ],
      [
        { provider: 'microsoft', email: 'teacher@oak.sch.uk' },
        { microsoft: null, google: provider },
        'provider_not_configured',
        teacherId,
      ],
      [{ provider: 'microsoft', email: 'teacher@oak.sch.uk.evil.test' }, both, 'domain_not_allowed', null],
      [{ provider: 'microsoft', email: 'teacher@sub.oak.sch.uk' }, both, 'domain_not_allowed', null],
      [{ provider: 'microsoft', email: 'not an address' }, both, 'domain_not_allowed', null],
    ];
    for (const [identity, deployment, reason, actor] of cases) {
      expect(await signInWithSso(a, identity, meta, new Date(), deployment)).toEqual(refused);
      expect(await lastSignInRow(a.id, 'auth.sign_in_failed')).toEqual({
        actor,
        details: { method: identity.provider, reason },
      });
    }
  });

  it('Google needs email_verified: true, and only for a school that allows Google', async () => {
    const { ctx } = await signedIn(a, adminId, { elevated: true });
    await updateSchoolSettings(ctx, {
      idleTimeoutMinutes: '15',
      securityMessage: 'Lock your screen.',
      emailDomainWhitelist: '',
      ssoMicrosoft: 'off',
      ssoGoogle: 'on',
      ssoDomains: 'oak.sch.uk',
    });
    for (const emailVerified of [undefined, false]) {
      expect(
        await signInWithSso(
          a,
          { provider: 'google', email: 'teacher@oak.sch.uk', emailVerified },
          meta,
          new Date(),
          both,
        ),
      ).toEqual(refused);
      expect(await lastSignInRow(a.id, 'auth.sign_in_failed')).toMatchObject({
        details: { reason: 'unverified_email' },
      });
    }
    expect(
      await signInWithSso(a, { provider: 'microsoft', email: 'teacher@oak.sch.uk' }, meta, new Date(), both),
    ).toEqual(refused);
    expect(
      await signInWithSso(
        a,
        { provider: 'google', email: 'teacher@oak.sch.uk', emailVerified: true },
        meta,
        new Date(),
        both,
      ),
    ).toMatchObject({ ok: true, userId: teacherId });
    // Another school that never allowed it: the same address, the same neutral refusal.
    expect(
      await signInWithSso(
        b,
        { provider: 'google', email: 'birch@oak.sch.uk', emailVerified: true },
        meta,
        new Date(),
        both,
      ),
    ).toEqual(refused);
    expect(await lastSignInRow(b.id, 'auth.sign_in_failed')).toEqual({
      actor: otherSchoolId,
      details: { method: 'google', reason: 'provider_not_allowed' },
    });
  });

  it('a disabled school signs nobody in', async () => {
    await privileged('school-setup', 'test', (tx) =>
      tx.update(schools).set({ disabledAt: new Date() }).where(eq(schools.id, a.id)),
    );
    expect(
      await signInWithSso(
        a,
        { provider: 'google', email: 'teacher@oak.sch.uk', emailVerified: true },
        meta,
        new Date(),
        both,
      ),
    ).toEqual(refused);
    expect(await lastSignInRow(a.id, 'auth.sign_in_failed')).toMatchObject({
      details: { reason: 'school_unavailable' },
    });
    await privileged('school-setup', 'test', (tx) =>
      tx.update(schools).set({ disabledAt: null }).where(eq(schools.id, a.id)),
    );
  });
});

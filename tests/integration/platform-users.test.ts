/**
 * Haven support's tools for people across schools (lib/users/platform.ts,
 * `npm run user`): adding someone who already uses Haven at one school to
 * another, keeping their password and keys; making a new account with a
 * first-password link; changing the address a person signs in with at every
 * school. Each is audited in every school concerned and tells the person, and
 * each refuses what it must (an unknown school or group, someone already
 * there or deactivated there, an address in use, bad input) without changing
 * anything.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { privileged } from '@/db/privileged';
import { inSchool } from '@/db/scoped';
import { auditLog, memberships, outbox, passwordResetTokens, schools, users } from '@/db/schema';
import { deactivateUser, listMembers } from '@/lib/admin';
import { requestPasswordReset } from '@/lib/auth/password-reset';
import { UserError } from '@/lib/errors';
import type { School, UserCtx } from '@/lib/tenancy/context';
import { SUPPORT_ACTOR, addPersonToSchool, changeEmailEverywhere } from '@/lib/users/platform';

withTestDatabase();

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
let a: School;
let b: School;
let adminB: UserCtx;
let lead: string;

const account = async (id: string) =>
  (await privileged('platform-console', 'test', (tx) => tx.select().from(users).where(eq(users.id, id))))[0]!;
const mailTo = (address: string) =>
  privileged('platform-console', 'test', (tx) => tx.select().from(outbox).where(eq(outbox.toAddress, address)));
const auditOf = (school: School, action: string, userId: string) =>
  inSchool(school.id, (tx) =>
    tx
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.schoolId, school.id), eq(auditLog.action, action), eq(auditLog.entityId, userId))),
  );

beforeAll(async () => {
  a = await makeSchool('platform-users-a');
  b = await makeSchool('platform-users-b');
  lead = await makeUser({
    email: 'lead@trust.example.org',
    displayName: 'Trust Lead',
    memberships: { [a.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  const adminId = await makeUser({
    email: 'dsl@pb.example.org',
    displayName: 'B Lead',
    memberships: { [b.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  adminB = (await signedIn(b, adminId, { elevated: true })).ctx;
});

describe('adding a person to another school', () => {
  it('gives an existing account a membership, keeping its name, password and keys, tells them, and audits it there', async () => {
    const before = await account(lead);
    const added = await addPersonToSchool({
      school: b.slug,
      email: ' Lead@Trust.example.org ',
      group: 'Teachers',
      name: 'Someone Else',
    });
    expect(added).toMatchObject({
      userId: lead,
      email: 'lead@trust.example.org',
      schoolName: b.name,
      newAccount: false,
      passwordLinkSent: false,
    });
    const after = await account(lead);
    expect(after).toMatchObject({
      displayName: 'Trust Lead',
      passwordHash: before.passwordHash,
      email: 'lead@trust.example.org',
    });
    // School B's administrators now see them, in the group support chose.
    const listed = await listMembers(adminB, {});
    expect(listed.items.find((m) => m.userId === lead)).toMatchObject({
      displayName: 'Trust Lead',
      groupName: 'Teachers',
    });
    // School A's membership is untouched.
    expect(
      (await inSchool(a.id, (tx) => tx.select().from(memberships).where(eq(memberships.userId, lead)))).map(
        (m) => m.status,
      ),
    ).toEqual(['active']);
    const [row] = await auditOf(b, 'admin.user_added', lead);
    expect(row).toMatchObject({
      actorUserId: null,
      actorLabel: SUPPORT_ACTOR,
      details: { email: 'lead@trust.example.org', group: 'Teachers', newAccount: false, source: 'support' },
    });
    const mail = await mailTo('lead@trust.example.org');
    expect(mail.map((m) => [m.schoolId, m.subject])).toEqual([[b.id, `You can now use Haven at ${b.name}`]]);
    // They may sign in at B: the reset flow, which needs an active membership there, finds them.
    await requestPasswordReset(b, { email: 'lead@trust.example.org' }, { ip: null, userAgent: 'vitest' });
    expect((await mailTo('lead@trust.example.org')).map((m) => m.subject)).toContain(
      `Set your Haven password for ${b.name}`,
    );
  });

  it('makes a new account when the address is unknown and sends the link to set a password', async () => {
    const added = await addPersonToSchool({
      school: b.slug,
      email: 'new.governor@example.org',
      name: 'Nia Governor',
      group: 'Support staff',
    });
    expect(added).toMatchObject({ newAccount: true, passwordLinkSent: true });
    expect(await account(added.userId)).toMatchObject({ displayName: 'Nia Governor', passwordHash: null });
    const tokens = await privileged('platform-console', 'test', (tx) =>
      tx.select().from(passwordResetTokens).where(eq(passwordResetTokens.userId, added.userId)),
    );
    expect(tokens).toHaveLength(1);
    expect((await mailTo('new.governor@example.org')).map((m) => m.subject)).toEqual([
      `Set your Haven password for ${b.name}`,
    ]);
  });

  it('refuses, changing nothing, an unknown school or group, someone already there or deactivated there, and a new address without a name', async () => {
    const refused = async (input: Record<string, unknown>, message: RegExp) => {
      const err = await addPersonToSchool(input).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UserError);
      expect((err as UserError).message).toMatch(message);
    };
    const count = async () =>
      (await privileged('platform-console', 'test', (tx) => tx.select().from(memberships))).length;
    const n = await count();
    await refused(
      { school: 'no-such-school', email: 'x@example.org', name: 'X', group: 'Teachers' },
      /No school "no-such-school"/,
    );
    await refused(
      { school: b.slug, email: 'x@example.org', name: 'X', group: 'Governors' },
      /has no user group "Governors"/,
    );
    await refused({ school: b.slug, email: 'lead@trust.example.org', group: 'Teachers' }, /already a user at/);
    await refused({ school: b.slug, email: 'nobody@example.org', group: 'Teachers' }, /give their name/);
    const leaver = await makeUser({
      email: 'leaver@example.org',
      displayName: 'Lee Leaver',
      memberships: { [b.slug]: 'Teachers' },
    });
    await deactivateUser(adminB, { userId: leaver });
    await refused(
      { school: b.slug, email: 'leaver@example.org', group: 'Teachers' },
      /deactivated at .*can reactivate them/,
    );
    await expect(
      addPersonToSchool({ school: b.slug, email: 'not an address', group: 'Teachers' }),
    ).rejects.toBeInstanceOf(ZodError);
    expect(await count()).toBe(n + 1); // only the leaver made above
  });
});

describe('changing the address a person signs in with', () => {
  it('changes it for every school, cancels links sent to the old address, tells the old address and audits it in each school', async () => {
    await requestPasswordReset(a, { email: 'lead@trust.example.org' }, { ip: null, userAgent: 'vitest' });
    expect(await changeEmailEverywhere({ from: 'LEAD@trust.example.org', to: 'lead@new-trust.example.org' })).toEqual({
      schools: 2,
    });
    expect((await account(lead)).email).toBe('lead@new-trust.example.org');
    const live = await privileged('platform-console', 'test', (tx) =>
      tx
        .select()
        .from(passwordResetTokens)
        .where(
          and(
            eq(passwordResetTokens.userId, lead),
            isNull(passwordResetTokens.usedAt),
            isNull(passwordResetTokens.cancelledAt),
          ),
        ),
    );
    expect(live).toEqual([]);
    for (const school of [a, b]) {
      const [row] = await auditOf(school, 'admin.user_email_changed', lead);
      expect(row).toMatchObject({
        actorLabel: SUPPORT_ACTOR,
        details: { from: 'lead@trust.example.org', to: 'lead@new-trust.example.org' },
      });
    }
    const told = (await mailTo('lead@trust.example.org')).filter(
      (m) => m.subject === 'Your Haven email address was changed',
    );
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ schoolId: null });
    expect(told[0]!.bodyText).toContain(`at ${a.name}, ${b.name}`);
  });

  it('refuses an unknown address, one already in use and the same address, changing nothing', async () => {
    await expect(changeEmailEverywhere({ from: 'nobody@example.org', to: 'x@example.org' })).rejects.toThrow(
      /No Haven account has the address/,
    );
    await expect(
      changeEmailEverywhere({ from: 'lead@new-trust.example.org', to: 'dsl@pb.example.org' }),
    ).rejects.toThrow(/already uses dsl@pb.example.org/);
    await expect(
      changeEmailEverywhere({ from: 'lead@new-trust.example.org', to: 'Lead@New-Trust.example.org' }),
    ).rejects.toThrow(/same as the old one/);
    await expect(changeEmailEverywhere({ from: 'lead@new-trust.example.org', to: '' })).rejects.toBeInstanceOf(
      ZodError,
    );
    expect((await account(lead)).email).toBe('lead@new-trust.example.org');
  });
});

describe('the schools’ rules for staff addresses', () => {
  it('hold for support too: an address a school does not allow is refused, for adding and for changing', async () => {
    const w = await makeSchool('platform-users-whitelist');
    await inSchool(w.id, (tx) =>
      tx
        .update(schools)
        .set({ settings: { emailDomainWhitelist: ['w-school.org'] } })
        .where(eq(schools.id, w.id)),
    );
    await expect(
      addPersonToSchool({ school: w.slug, email: 'lead@new-trust.example.org', group: 'Teachers' }),
    ).rejects.toThrow(/only allows addresses at w-school.org/);
    const member = await addPersonToSchool({
      school: w.slug,
      email: 'head@w-school.org',
      name: 'Wendy Head',
      group: 'Teachers',
    });
    await expect(changeEmailEverywhere({ from: 'head@w-school.org', to: 'head@gmail.example.com' })).rejects.toThrow(
      /does not allow addresses like head@gmail.example.com/,
    );
    expect((await account(member.userId)).email).toBe('head@w-school.org');
    expect(await changeEmailEverywhere({ from: 'head@w-school.org', to: 'wendy.head@w-school.org' })).toEqual({
      schools: 1,
    });
  });
});

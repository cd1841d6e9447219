/**
 * Moving between an SSO user's schools without signing in again. The school
 * being left writes a one-time code into the target school — acting as the
 * person inside the target's own row-level security, so it can only do so if
 * they are an active member there — and sends the browser to the target, which
 * exchanges the code (once, within seconds) for its own session. Elevation is
 * carried over only within the key's lifetime.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import { inOwnMemberships, inSchool } from '@/db/scoped';
import { memberships, schools, schoolSwitchCodes, sessions } from '@/db/schema';
import { getConfig } from '@/lib/config';
import { NotFoundError } from '@/lib/errors';
import { findSchoolBySlug } from '@/lib/schools/queries';
import type { School } from '@/lib/schools/types';
import type { UserCtx } from '@/lib/tenancy/context';
import { safeReturnPath } from '@/lib/tenancy/return-path';
import { schoolOrigin } from '@/lib/tenancy/host';
import { recordSecurityEvent } from './audit';
import { SESSION_MAX_HOURS } from './session-policy';
import { createSession } from './sessions';
import { hashToken, newToken } from './tokens';
import type { RequestMeta } from './types';

export const SWITCH_CODE_SECONDS = 30;

export interface MySchool {
  slug: string;
  name: string;
  current: boolean;
}

/** The schools where a person is an active member, by name. */
export async function activeSchoolsOf(userId: string): Promise<{ slug: string; name: string }[]> {
  return inOwnMemberships(userId, (tx) =>
    tx
      .select({ slug: schools.slug, name: schools.name })
      .from(memberships)
      .innerJoin(schools, eq(schools.id, memberships.schoolId))
      .where(and(eq(memberships.userId, userId), eq(memberships.status, 'active')))
      .orderBy(asc(schools.name)),
  );
}

/** The signed-in person's schools, for the switcher. */
export async function listMySchools(ctx: UserCtx): Promise<MySchool[]> {
  return (await activeSchoolsOf(ctx.user.id)).map((r) => ({ ...r, current: r.slug === ctx.school.slug }));
}

/**
 * The same kind of page in the other school: the path without record ids
 * (a pupil's page becomes the section it belongs to), never an outside URL.
 */
export function samePageElsewhere(path: string): string {
  const kept: string[] = [];
  for (const segment of safeReturnPath(path).split(/[?#]/)[0]!.split('/').filter(Boolean)) {
    if (!/^[a-z][a-z-]*$/.test(segment)) break; // ids, numbers, anything unusual end the path
    kept.push(segment);
  }
  return `/${kept.join('/')}`;
}

/** Issues the code in the target school and returns the URL the browser goes to. */
export async function issueSwitchCode(ctx: UserCtx, targetSlug: string, fromPath: string, now = new Date()): Promise<string> {
  const target = await findSchoolBySlug(targetSlug);
  if (!target || target.id === ctx.school.id) throw new NotFoundError('school');
  const elevation = await ctx.run(async (tx) => {
    const rows = await tx
      .select({ elevatedAt: sessions.elevatedAt, elevatedWith: sessions.elevatedWith })
      .from(sessions)
      .where(and(eq(sessions.schoolId, ctx.school.id), eq(sessions.id, ctx.user.sessionId)));
    return rows[0] ?? { elevatedAt: null, elevatedWith: null };
  });
  return issueCodeForPerson(ctx.user.id, target, samePageElsewhere(fromPath), ctx.user.elevated ? elevation : null, now);
}

/**
 * The code itself, written in the target school as the person (so only for an
 * active member there). Also used from the root domain, with no elevation.
 */
export async function issueCodeForPerson(
  userId: string,
  target: School,
  nextPath: string,
  elevation: { elevatedAt: Date | null; elevatedWith: 'totp' | 'webauthn' | null } | null,
  now = new Date(),
): Promise<string> {
  const code = newToken();
  await inSchool(
    target.id,
    async (tx) => {
      const member = await tx
        .select({ id: memberships.id })
        .from(memberships)
        .where(and(eq(memberships.schoolId, target.id), eq(memberships.userId, userId), eq(memberships.status, 'active')));
      if (!member[0]) throw new NotFoundError('school');
      await tx.insert(schoolSwitchCodes).values({
        id: randomUUID(),
        schoolId: target.id,
        codeHash: hashToken(code),
        userId,
        elevatedAt: elevation?.elevatedAt ?? null,
        elevatedWith: elevation?.elevatedWith ?? null,
        nextPath,
        createdAt: now,
        expiresAt: new Date(now.getTime() + SWITCH_CODE_SECONDS * 1000),
      });
    },
    userId,
  );
  const { rootDomain, protocol } = getConfig();
  return `${schoolOrigin(target.slug, rootDomain, protocol)}/switch?code=${code}`;
}

/** Exchanges a code for a session in this school; null when the code is unknown, used or expired. */
export async function exchangeSwitchCode(
  school: School,
  code: string,
  meta: RequestMeta,
  now = new Date(),
): Promise<{ token: string; nextPath: string } | null> {
  if (!code || code.length > 200) return null;
  return inSchool(school.id, async (tx) => {
    const claimed = await tx
      .update(schoolSwitchCodes)
      .set({ usedAt: now })
      .where(
        and(
          eq(schoolSwitchCodes.schoolId, school.id),
          eq(schoolSwitchCodes.codeHash, hashToken(code)),
          isNull(schoolSwitchCodes.usedAt),
          gt(schoolSwitchCodes.expiresAt, now),
        ),
      )
      .returning({ userId: schoolSwitchCodes.userId, elevatedAt: schoolSwitchCodes.elevatedAt, elevatedWith: schoolSwitchCodes.elevatedWith, nextPath: schoolSwitchCodes.nextPath });
    const c = claimed[0];
    if (!c) return null;
    const member = await tx
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.schoolId, school.id), eq(memberships.userId, c.userId), eq(memberships.status, 'active')));
    if (!member[0]) return null;
    const keyStillValid = c.elevatedAt !== null && now.getTime() - c.elevatedAt.getTime() < SESSION_MAX_HOURS * 3_600_000;
    const { token } = await createSession(tx, { schoolId: school.id, userId: c.userId, meta, now });
    if (keyStillValid && c.elevatedWith) {
      await tx
        .update(sessions)
        .set({ elevatedAt: c.elevatedAt, elevatedWith: c.elevatedWith })
        .where(and(eq(sessions.schoolId, school.id), eq(sessions.tokenHash, hashToken(token))));
    }
    await recordSecurityEvent(tx, { schoolId: school.id, userId: c.userId, action: 'auth.signed_in', meta, details: { via: 'school-switch', elevated: keyStillValid }, at: now });
    return { token, nextPath: c.nextPath };
  });
}

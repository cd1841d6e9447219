/**
 * Session rows: created at sign-in, rotated at elevation, checked on every
 * request, revoked at sign-out, deactivation or password change. All inside
 * the school's scoped transaction.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { inSchool } from '@/db/scoped';
import { memberships, rootSessions, sessions, userGroups, userKeys, users } from '@/db/schema';
import { groupMayUseKey, SYSTEM_PERMISSIONS, type SystemPermission } from '@/lib/access';
import { hashToken, newToken } from './tokens';
import { isIdleExpired, sessionExpiry, SESSION_MAX_HOURS, SESSION_TOUCH_SECONDS } from './session-policy';
import type { RequestMeta, SignedInUser } from '@/lib/tenancy/context';

export async function createSession(
  tx: Tx,
  input: { schoolId: string; userId: string; meta: RequestMeta; now: Date; elevatedWith?: 'totp' | 'webauthn' },
): Promise<{ sessionId: string; token: string }> {
  const token = newToken();
  const sessionId = randomUUID();
  await tx.insert(sessions).values({
    id: sessionId,
    schoolId: input.schoolId,
    userId: input.userId,
    tokenHash: hashToken(token),
    createdAt: input.now,
    lastSeenAt: input.now,
    expiresAt: sessionExpiry(input.now),
    elevatedAt: input.elevatedWith ? input.now : null,
    elevatedWith: input.elevatedWith ?? null,
    ip: input.meta.ip,
    userAgent: input.meta.userAgent?.slice(0, 500) ?? null,
  });
  return { sessionId, token };
}

/**
 * The signed-in user behind a session token in this school, or null. Checks
 * the session (not revoked, not expired, not idle), the membership (active)
 * and the keys (elevation lapses when the person has none left).
 */
export async function resolveSession(schoolId: string, token: string, now: Date): Promise<SignedInUser | null> {
  if (!token || token.length > 200) return null;
  return inSchool(schoolId, async (tx) => {
    const rows = await tx
      .select({
        sessionId: sessions.id,
        lastSeenAt: sessions.lastSeenAt,
        expiresAt: sessions.expiresAt,
        elevatedAt: sessions.elevatedAt,
        userId: users.id,
        email: users.email,
        displayName: users.displayName,
        membershipId: memberships.id,
        status: memberships.status,
        userGroupId: userGroups.id,
        userGroupName: userGroups.name,
        permissions: userGroups.permissions,
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.schoolId, sessions.schoolId)))
      .innerJoin(userGroups, eq(userGroups.id, memberships.userGroupId))
      .where(and(eq(sessions.schoolId, schoolId), eq(sessions.tokenHash, hashToken(token)), isNull(sessions.revokedAt)))
      .limit(1);
    const row = rows[0];
    if (!row || row.status !== 'active' || row.expiresAt <= now || isIdleExpired(row.lastSeenAt, now)) return null;

    const keyRows = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(userKeys)
      .where(and(eq(userKeys.userId, row.userId), isNull(userKeys.removedAt), isNotNull(userKeys.confirmedAt)));
    const keyCount = keyRows[0]?.n ?? 0;

    if (now.getTime() - row.lastSeenAt.getTime() > SESSION_TOUCH_SECONDS * 1000) {
      await tx
        .update(sessions)
        .set({ lastSeenAt: now })
        .where(and(eq(sessions.schoolId, schoolId), eq(sessions.id, row.sessionId)));
    }
    const permissions = (row.permissions ?? []).filter((p): p is SystemPermission =>
      (SYSTEM_PERMISSIONS as readonly string[]).includes(p),
    );
    // A key opens anything beyond the non-key baseline (the permission engine's rule).
    const mayElevate = groupMayUseKey(permissions);
    return {
      id: row.userId,
      email: row.email,
      displayName: row.displayName,
      sessionId: row.sessionId,
      membershipId: row.membershipId,
      userGroupId: row.userGroupId,
      userGroupName: row.userGroupName,
      permissions,
      keyCount,
      // Elevation lasts as long as a session may: a key used longer ago than that has lapsed.
      elevated:
        row.elevatedAt !== null &&
        now.getTime() - row.elevatedAt.getTime() < SESSION_MAX_HOURS * 3_600_000 &&
        keyCount > 0 &&
        mayElevate,
      mayElevate,
    };
  });
}

/** Marks the session elevated and gives it a new token (a fixed session id must not gain privileges). */
export async function elevateSession(
  tx: Tx,
  input: { schoolId: string; sessionId: string; with: 'totp' | 'webauthn'; now: Date },
): Promise<string> {
  const token = newToken();
  await tx
    .update(sessions)
    .set({ tokenHash: hashToken(token), elevatedAt: input.now, elevatedWith: input.with, lastSeenAt: input.now })
    .where(and(eq(sessions.schoolId, input.schoolId), eq(sessions.id, input.sessionId)));
  return token;
}

export async function revokeSession(
  tx: Tx,
  schoolId: string,
  sessionId: string,
  reason: string,
  now: Date,
): Promise<void> {
  await tx
    .update(sessions)
    .set({ revokedAt: now, revokedReason: reason })
    .where(and(eq(sessions.schoolId, schoolId), eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

/**
 * Ends every session of a person: in every school (the own_sessions policy
 * lets a transaction with app.user_id set reach them) and on the root domain.
 * Used when the password changes.
 */
export async function revokeAllSessionsOfUser(tx: Tx, userId: string, reason: string, now: Date): Promise<number> {
  const rows = await tx
    .update(sessions)
    .set({ revokedAt: now, revokedReason: reason })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  const root = await tx
    .update(rootSessions)
    .set({ revokedAt: now })
    .where(and(eq(rootSessions.userId, userId), isNull(rootSessions.revokedAt)))
    .returning({ id: rootSessions.id });
  return rows.length + root.length;
}

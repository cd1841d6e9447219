/**
 * Reads for Admin → Users: the school's members, one person's profile and
 * keys, their security log and everything they did. Every read is limited to
 * this school twice over: `school_id` in the query, and row-level security
 * through ctx.run. A person of another school is "not found", exactly as an
 * id that never existed.
 */
import 'server-only';
import { and, asc, eq, exists, isNotNull, isNull, like, or, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { auditLog, memberships, userGroups, userKeys, users } from '@/db/schema';
import { auditActionLabel } from '@/lib/audit/events';
import { auditDetailsOf, auditNewestFirst, auditRowColumns, auditRowsBefore } from '@/lib/audit/queries';
import { accessSubjectOf } from '@/lib/access';
import { keysOf } from '@/lib/auth/keys';
import { NotFoundError } from '@/lib/errors';
import { describePupilEvents, type PupilEventView } from '@/lib/profile';
import type { NameStyle } from '@/lib/students/names';
import type { Ctx, UserCtx } from '@/lib/tenancy/context';
import { membershipGroup } from '@/lib/users/membership-group';
import { requireAdmin } from './guard';
import { auditPageInput, memberFilterInput, userRefInput, type MemberFilter } from './schema';
import type {
  AuditEntry,
  AuditPage,
  GroupOption,
  MemberList,
  MemberListItem,
  MemberProfile,
  MembershipStatus,
} from './types';

/** A school's staff list is at most a few hundred; past this the filters narrow it. */
export const MEMBER_PAGE_SIZE = 500;
export const AUDIT_PAGE_SIZE = 100;

/** Escapes LIKE wildcards so a typed % or _ matches itself. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A confirmed second factor that has not been removed: the shield in the list. */
const hasLiveKey = (tx: Tx) =>
  exists(
    tx
      .select({ one: sql`1` })
      .from(userKeys)
      .where(and(eq(userKeys.userId, users.id), isNull(userKeys.removedAt), isNotNull(userKeys.confirmedAt))),
  );

async function listByStatus(ctx: UserCtx, status: MembershipStatus, filter: MemberFilter): Promise<MemberList> {
  const { q, groupId } = memberFilterInput.parse(filter);
  const conditions: (SQL | undefined)[] = [eq(memberships.schoolId, ctx.school.id), eq(memberships.status, status)];
  if (q) {
    const pattern = `%${likeEscape(q)}%`;
    conditions.push(
      or(
        sql`unaccent(${users.displayName}) ilike unaccent(${pattern})`,
        like(sql`lower(${users.email})`, pattern.toLowerCase()),
      ),
    );
  }
  if (groupId) conditions.push(eq(memberships.userGroupId, groupId));
  const rows = await ctx.run((tx) =>
    tx
      .select({
        userId: users.id,
        displayName: users.displayName,
        email: users.email,
        groupId: userGroups.id,
        groupName: userGroups.name,
        misStaffId: memberships.misStaffId,
        keyHolder: hasLiveKey(tx),
        status: memberships.status,
        deactivatedAt: memberships.deactivatedAt,
      })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .innerJoin(userGroups, membershipGroup)
      .where(and(...conditions))
      .orderBy(asc(sql`lower(${users.displayName})`), asc(users.id))
      .limit(MEMBER_PAGE_SIZE + 1),
  );
  const items: MemberListItem[] = rows
    .slice(0, MEMBER_PAGE_SIZE)
    .map((r) => ({ ...r, keyHolder: Boolean(r.keyHolder) }));
  return { items, truncated: rows.length > MEMBER_PAGE_SIZE };
}

/** Active members, filtered by name or email and by user group. */
export async function listMembers(ctx: Ctx, filter: MemberFilter = {}): Promise<MemberList> {
  requireAdmin(ctx);
  return listByStatus(ctx, 'active', filter);
}

/** "Deactivated users": those who may be reactivated. */
export async function listDeactivatedMembers(ctx: Ctx, filter: MemberFilter = {}): Promise<MemberList> {
  requireAdmin(ctx);
  return listByStatus(ctx, 'deactivated', filter);
}

/** The school's user groups, for pickers and filters. */
export async function listGroupOptions(ctx: Ctx): Promise<GroupOption[]> {
  requireAdmin(ctx);
  return ctx.run((tx) =>
    tx
      .select({ id: userGroups.id, name: userGroups.name })
      .from(userGroups)
      .where(eq(userGroups.schoolId, ctx.school.id))
      .orderBy(asc(sql`lower(${userGroups.name})`)),
  );
}

/** The person behind a membership of this school, or NotFoundError. Shared by the reads and writes here. */
export async function findMemberOrThrow(tx: Tx, schoolId: string, userId: string) {
  const rows = await tx
    .select({
      userId: users.id,
      displayName: users.displayName,
      email: users.email,
      membershipId: memberships.id,
      status: memberships.status,
      deactivatedAt: memberships.deactivatedAt,
      memberSince: memberships.createdAt,
      alertEmail: memberships.alertEmail,
      misStaffId: memberships.misStaffId,
      groupId: userGroups.id,
      groupName: userGroups.name,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(userGroups, membershipGroup)
    .where(and(eq(memberships.schoolId, schoolId), eq(memberships.userId, userId)))
    .limit(1);
  const row = rows[0];
  if (!row) throw new NotFoundError('user');
  return row;
}

/** Parses a user id from a route or form; a malformed one is "not found" like any unknown id. */
export function parseUserId(userId: string): string {
  const parsed = userRefInput.safeParse({ userId });
  if (!parsed.success) throw new NotFoundError('user');
  return parsed.data.userId;
}

export async function getMemberProfile(ctx: Ctx, rawUserId: string): Promise<MemberProfile> {
  requireAdmin(ctx);
  const userId = parseUserId(rawUserId);
  return ctx.run(async (tx) => {
    const m = await findMemberOrThrow(tx, ctx.school.id, userId);
    const keys = await keysOf(tx, userId);
    return {
      userId: m.userId,
      displayName: m.displayName,
      email: m.email,
      status: m.status,
      deactivatedAt: m.deactivatedAt,
      memberSince: m.memberSince,
      alertEmail: m.alertEmail,
      misStaffId: m.misStaffId,
      group: { id: m.groupId, name: m.groupName },
      keys,
      isSelf: m.userId === ctx.user.id,
    };
  });
}

/**
 * A page of audit rows about one person. With `style`, rows about pupils'
 * records are described by lib/students under the reader's own access to
 * those records (describePupilEvents), and their stored details never reach
 * the page: an administrator is not thereby someone who may read every pupil.
 */
async function auditPage(
  ctx: UserCtx,
  rawUserId: string,
  page: { before?: string },
  about: (userId: string) => SQL | undefined,
  style?: NameStyle,
): Promise<AuditPage> {
  const userId = parseUserId(rawUserId);
  const { before } = auditPageInput.parse(page);
  // Loaded before the transaction: it reads in a transaction of its own.
  const subject = style ? await accessSubjectOf(ctx) : null;
  return ctx.run(async (tx) => {
    const m = await findMemberOrThrow(tx, ctx.school.id, userId);
    const rows = await tx
      .select({
        ...auditRowColumns,
        userAgent: auditLog.userAgent,
        entityType: auditLog.entityType,
        entityId: auditLog.entityId,
      })
      .from(auditLog)
      .where(and(eq(auditLog.schoolId, ctx.school.id), about(userId), auditRowsBefore(ctx.school.id, before)))
      .orderBy(...auditNewestFirst())
      .limit(AUDIT_PAGE_SIZE + 1);
    const shown = rows.slice(0, AUDIT_PAGE_SIZE);
    const pupilEvents =
      subject && style
        ? await describePupilEvents(
            tx,
            subject,
            shown.map((r) => r.id),
            style,
          )
        : new Map<string, PupilEventView | null>();
    const entries: AuditEntry[] = shown.map((r) => {
      const label = auditActionLabel(r.action);
      if (!pupilEvents.has(r.id)) {
        return { ...r, label, details: auditDetailsOf(r.details) };
      }
      // A pupil record's event: its entity and details stay out of the page.
      return {
        ...r,
        label,
        entityType: null,
        entityId: null,
        details: {},
        pupilEvent: pupilEvents.get(r.id) ?? 'withheld',
      };
    });
    return {
      person: { userId: m.userId, displayName: m.displayName },
      entries,
      nextBefore: rows.length > AUDIT_PAGE_SIZE ? (entries.at(-1)?.id ?? null) : null,
    };
  });
}

/**
 * The person's security log: sign-ins, elevations, failures and key changes
 * (the auth.* events, recorded with the person as actor or subject), and an
 * administrator removing their keys.
 */
export async function listSecurityLog(ctx: Ctx, userId: string, page: { before?: string } = {}): Promise<AuditPage> {
  requireAdmin(ctx);
  return auditPage(ctx, userId, page, (id) =>
    or(
      and(
        like(auditLog.action, 'auth.%'),
        or(eq(auditLog.actorUserId, id), and(eq(auditLog.entityType, 'user'), eq(auditLog.entityId, id))),
      ),
      and(eq(auditLog.action, 'admin.keys_removed'), eq(auditLog.entityType, 'user'), eq(auditLog.entityId, id)),
    ),
  );
}

/**
 * Everything the person did in this school: every audit row with them as the
 * actor. Their work on pupils' records is told only as far as the reader may
 * see those records (see auditPage).
 */
export async function listUserActivity(
  ctx: Ctx,
  userId: string,
  style: NameStyle,
  page: { before?: string } = {},
): Promise<AuditPage> {
  requireAdmin(ctx);
  return auditPage(ctx, userId, page, (id) => eq(auditLog.actorUserId, id), style);
}

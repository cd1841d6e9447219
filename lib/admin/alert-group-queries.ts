/**
 * Reads for Admin → Alert groups: the live groups with their sizes, one group's
 * members, and the people who may be chosen (the school's active members, plus
 * anyone deactivated who is still in the group, so saving never drops them unseen).
 */
import 'server-only';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { alertGroupMembers, alertGroups } from '@/db/schema/alerts';
import { NotFoundError } from '@/lib/errors';
import type { Ctx } from '@/lib/tenancy/context';
import { requireAdmin } from './guard';
import { choosableMembers } from './member-choice';
import { alertGroupRefInput } from './schema';
import type { AlertGroupCandidate, AlertGroupDetail, AlertGroupListItem } from './types';

export async function listAlertGroups(ctx: Ctx): Promise<AlertGroupListItem[]> {
  requireAdmin(ctx);
  return ctx.run((tx) =>
    tx
      .select({
        id: alertGroups.id,
        name: alertGroups.name,
        memberCount: sql<number>`count(${alertGroupMembers.id})::int`,
      })
      .from(alertGroups)
      .leftJoin(
        alertGroupMembers,
        and(
          eq(alertGroupMembers.schoolId, alertGroups.schoolId),
          eq(alertGroupMembers.alertGroupId, alertGroups.id),
          isNull(alertGroupMembers.removedAt),
        ),
      )
      .where(and(eq(alertGroups.schoolId, ctx.school.id), isNull(alertGroups.archivedAt)))
      .groupBy(alertGroups.id)
      .orderBy(asc(sql`lower(${alertGroups.name})`)),
  );
}

/** A live alert group of this school, or NotFoundError (also for a malformed or archived one). */
export async function findAlertGroupOrThrow(
  tx: Tx,
  schoolId: string,
  rawId: string,
): Promise<{ id: string; name: string }> {
  const parsed = alertGroupRefInput.safeParse({ alertGroupId: rawId });
  if (!parsed.success) throw new NotFoundError('alert group');
  const rows = await tx
    .select({ id: alertGroups.id, name: alertGroups.name })
    .from(alertGroups)
    .where(
      and(
        eq(alertGroups.schoolId, schoolId),
        eq(alertGroups.id, parsed.data.alertGroupId),
        isNull(alertGroups.archivedAt),
      ),
    )
    .limit(1);
  const row = rows[0];
  if (!row) throw new NotFoundError('alert group');
  return row;
}

/** User ids of the group's live members. */
export async function liveMemberIds(tx: Tx, schoolId: string, alertGroupId: string): Promise<string[]> {
  const rows = await tx
    .select({ userId: alertGroupMembers.userId })
    .from(alertGroupMembers)
    .where(
      and(
        eq(alertGroupMembers.schoolId, schoolId),
        eq(alertGroupMembers.alertGroupId, alertGroupId),
        isNull(alertGroupMembers.removedAt),
      ),
    );
  return rows.map((r) => r.userId);
}

export async function getAlertGroup(ctx: Ctx, alertGroupId: string): Promise<AlertGroupDetail> {
  requireAdmin(ctx);
  return ctx.run(async (tx) => {
    const group = await findAlertGroupOrThrow(tx, ctx.school.id, alertGroupId);
    return { ...group, memberIds: await liveMemberIds(tx, ctx.school.id, group.id) };
  });
}

/** People offered in the dual list box; pass the group being edited to keep its deactivated members visible. */
export async function listAlertGroupCandidates(ctx: Ctx, alertGroupId?: string): Promise<AlertGroupCandidate[]> {
  requireAdmin(ctx);
  return ctx.run(async (tx) => {
    const keep = alertGroupId
      ? await liveMemberIds(tx, ctx.school.id, (await findAlertGroupOrThrow(tx, ctx.school.id, alertGroupId)).id)
      : [];
    return choosableMembers(tx, ctx.school.id, keep);
  });
}

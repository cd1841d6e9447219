/**
 * Writes for Admin → Alert groups: create, rename and choose members, archive.
 * Members are people with a membership of this school; someone newly added
 * must be active. Removing a member marks the row removed and re-adding
 * inserts a new row, so who was in a group, and when, stays answerable.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { alertGroupMembers, alertGroups } from '@/db/schema/alerts';
import { NotFoundError, UserError } from '@/lib/errors';
import type { Ctx } from '@/lib/tenancy/context';
import { findAlertGroupOrThrow, liveMemberIds } from './alert-group-queries';
import { recordAdminEvent } from '@/lib/audit/admin-events';
import { refusingDuplicates } from './db-errors';
import { assertChoosableMembers } from './member-choice';
import { requireAdmin } from './guard';
import { alertGroupInput, alertGroupRefInput } from './schema';

const NAME_TAKEN = 'Another alert group already has this name.';

async function assertNameFree(tx: Tx, schoolId: string, name: string, exceptId: string | null): Promise<void> {
  const rows = await tx
    .select({ id: alertGroups.id })
    .from(alertGroups)
    .where(
      and(
        eq(alertGroups.schoolId, schoolId),
        isNull(alertGroups.archivedAt),
        sql`lower(${alertGroups.name}) = ${name.toLowerCase()}`,
        exceptId ? ne(alertGroups.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  if (rows[0]) throw new UserError(NAME_TAKEN, { name: [NAME_TAKEN] });
}

const ONLY_ACTIVE = 'Only active users can be added to an alert group.';

const withNameGuard = <T>(fn: () => Promise<T>) =>
  refusingDuplicates('alert_groups_school_live_name_key', { message: NAME_TAKEN, field: 'name' }, fn);

async function addMembers(
  tx: Tx,
  schoolId: string,
  alertGroupId: string,
  userIds: readonly string[],
  now: Date,
): Promise<void> {
  if (userIds.length === 0) return;
  await tx
    .insert(alertGroupMembers)
    .values(userIds.map((userId) => ({ id: randomUUID(), schoolId, alertGroupId, userId, createdAt: now })));
}

export async function createAlertGroup(ctx: Ctx, input: unknown, now = new Date()): Promise<{ alertGroupId: string }> {
  requireAdmin(ctx);
  const data = alertGroupInput.parse(input);
  if (data.alertGroupId) throw new UserError('This form creates a new alert group.');
  return withNameGuard(() =>
    ctx.run(async (tx) => {
      await assertNameFree(tx, ctx.school.id, data.name, null);
      await assertChoosableMembers(tx, ctx.school.id, data.memberIds, new Set(), ONLY_ACTIVE);
      const alertGroupId = randomUUID();
      await tx
        .insert(alertGroups)
        .values({ id: alertGroupId, schoolId: ctx.school.id, name: data.name, createdAt: now });
      await addMembers(tx, ctx.school.id, alertGroupId, data.memberIds, now);
      await recordAdminEvent(tx, ctx, {
        action: 'admin.alert_group_created',
        entityType: 'alert_group',
        entityId: alertGroupId,
        details: { name: data.name, members: data.memberIds },
        at: now,
      });
      return { alertGroupId };
    }),
  );
}

export async function updateAlertGroup(ctx: Ctx, input: unknown, now = new Date()): Promise<void> {
  requireAdmin(ctx);
  const data = alertGroupInput.parse(input);
  if (!data.alertGroupId) throw new NotFoundError('alert group');
  const rawId = data.alertGroupId;
  await withNameGuard(() =>
    ctx.run(async (tx) => {
      const group = await findAlertGroupOrThrow(tx, ctx.school.id, rawId);
      const current = new Set(await liveMemberIds(tx, ctx.school.id, group.id));
      await assertChoosableMembers(tx, ctx.school.id, data.memberIds, current, ONLY_ACTIVE);
      const wanted = new Set(data.memberIds);
      const added = data.memberIds.filter((id) => !current.has(id));
      const removed = [...current].filter((id) => !wanted.has(id));
      const renamed = group.name !== data.name;
      if (renamed) {
        await assertNameFree(tx, ctx.school.id, data.name, group.id);
        await tx
          .update(alertGroups)
          .set({ name: data.name })
          .where(and(eq(alertGroups.schoolId, ctx.school.id), eq(alertGroups.id, group.id)));
      }
      if (removed.length > 0) {
        await tx
          .update(alertGroupMembers)
          .set({ removedAt: now })
          .where(
            and(
              eq(alertGroupMembers.schoolId, ctx.school.id),
              eq(alertGroupMembers.alertGroupId, group.id),
              inArray(alertGroupMembers.userId, removed),
              isNull(alertGroupMembers.removedAt),
            ),
          );
      }
      await addMembers(tx, ctx.school.id, group.id, added, now);
      if (!renamed && added.length === 0 && removed.length === 0) return;
      await recordAdminEvent(tx, ctx, {
        action: 'admin.alert_group_updated',
        entityType: 'alert_group',
        entityId: group.id,
        details: { ...(renamed ? { renamed: { from: group.name, to: data.name } } : {}), added, removed },
        at: now,
      });
    }),
  );
}

/** Archived groups disappear from the list and from alerting; their rows and history stay. */
export async function archiveAlertGroup(ctx: Ctx, input: unknown, now = new Date()): Promise<void> {
  requireAdmin(ctx);
  const parsed = alertGroupRefInput.safeParse(input);
  if (!parsed.success) throw new NotFoundError('alert group');
  await ctx.run(async (tx) => {
    const group = await findAlertGroupOrThrow(tx, ctx.school.id, parsed.data.alertGroupId);
    await tx
      .update(alertGroups)
      .set({ archivedAt: now })
      .where(and(eq(alertGroups.schoolId, ctx.school.id), eq(alertGroups.id, group.id)));
    await recordAdminEvent(tx, ctx, {
      action: 'admin.alert_group_archived',
      entityType: 'alert_group',
      entityId: group.id,
      details: { name: group.name },
      at: now,
    });
  });
}

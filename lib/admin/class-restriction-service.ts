/**
 * Writes for Admin → Class restrictions: who may see the pupils of one tutor or
 * year group when the school restricts key holders by class. Each listed
 * person or user group is a row; removing one marks it removed and adding
 * inserts a new row, so who could see a class, and when, stays answerable.
 * The change reaches the people concerned on their next click (the access
 * subject is read per request).
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { classRestrictionMembers, userGroups } from '@/db/schema';
import { NotFoundError, UserError } from '@/lib/errors';
import type { Ctx } from '@/lib/tenancy/context';
import { recordAdminEvent } from '@/lib/audit/admin-events';
import { getClassRestriction, getClassRestrictionOverview } from './class-restriction-queries';
import { requireAdmin } from './guard';
import { assertChoosableMembers } from './member-choice';
import { classRestrictionEverywhereInput, classRestrictionInput } from './schema';

async function assertUserGroups(tx: Tx, schoolId: string, chosen: readonly string[]): Promise<void> {
  if (chosen.length === 0) return;
  const rows = await tx
    .select({ id: userGroups.id })
    .from(userGroups)
    .where(and(eq(userGroups.schoolId, schoolId), inArray(userGroups.id, [...chosen])));
  if (rows.length !== chosen.length) throw new NotFoundError('user group');
}

export async function updateClassRestriction(
  ctx: Ctx,
  input: unknown,
  now = new Date(),
): Promise<{ added: number; removed: number }> {
  requireAdmin(ctx);
  const data = classRestrictionInput.parse(input);
  const current = await getClassRestriction(ctx, data.groupName);
  const schoolId = ctx.school.id;
  return ctx.run(async (tx) => {
    const people = new Set(current.memberIds);
    const groups = new Set(current.userGroupIds);
    await assertChoosableMembers(tx, schoolId, data.memberIds, people, 'Only active users can be listed for a class.');
    await assertUserGroups(tx, schoolId, data.userGroupIds);
    const addPeople = data.memberIds.filter((id) => !people.has(id));
    const dropPeople = [...people].filter((id) => !data.memberIds.includes(id));
    const addGroups = data.userGroupIds.filter((id) => !groups.has(id));
    const dropGroups = [...groups].filter((id) => !data.userGroupIds.includes(id));
    const live = and(
      eq(classRestrictionMembers.schoolId, schoolId),
      eq(classRestrictionMembers.groupKind, current.kind),
      eq(classRestrictionMembers.groupName, current.name),
      isNull(classRestrictionMembers.removedAt),
    );
    if (dropPeople.length > 0) {
      await tx
        .update(classRestrictionMembers)
        .set({ removedAt: now })
        .where(and(live, inArray(classRestrictionMembers.userId, dropPeople)));
    }
    if (dropGroups.length > 0) {
      await tx
        .update(classRestrictionMembers)
        .set({ removedAt: now })
        .where(and(live, inArray(classRestrictionMembers.userGroupId, dropGroups)));
    }
    const base = { schoolId, groupKind: current.kind, groupName: current.name, createdAt: now };
    const inserts = [
      ...addPeople.map((userId) => ({ ...base, id: randomUUID(), userId })),
      ...addGroups.map((userGroupId) => ({ ...base, id: randomUUID(), userGroupId })),
    ];
    if (inserts.length > 0) await tx.insert(classRestrictionMembers).values(inserts);
    const added = addPeople.length + addGroups.length;
    const removed = dropPeople.length + dropGroups.length;
    if (added + removed > 0) {
      await recordAdminEvent(tx, ctx, {
        action: 'admin.class_restriction_changed',
        entityType: 'school',
        entityId: schoolId,
        details: {
          kind: current.kind,
          class: current.name,
          addedPeople: addPeople,
          removedPeople: dropPeople,
          addedUserGroups: addGroups,
          removedUserGroups: dropGroups,
        },
        at: now,
      });
    }
    return { added, removed };
  });
}

/**
 * Lists one whole user group (typically the DSLs) for every class of pupils on
 * roll that does not list it yet: the quick way to keep the safeguarding team
 * seeing everyone once restrictions are on. Classes added by a later import
 * need the same step again, and the overview names them.
 */
export async function listUserGroupForEveryClass(
  ctx: Ctx,
  input: unknown,
  now = new Date(),
): Promise<{ added: number }> {
  requireAdmin(ctx);
  const data = classRestrictionEverywhereInput.parse(input);
  const overview = await getClassRestrictionOverview(ctx);
  if (overview.kind === 'off')
    throw new UserError('Class restrictions are off: choose tutor or year groups in the school settings first.');
  const kind = overview.kind;
  const schoolId = ctx.school.id;
  return ctx.run(async (tx) => {
    await assertUserGroups(tx, schoolId, [data.userGroupId]);
    const listed = await tx
      .select({ groupName: classRestrictionMembers.groupName })
      .from(classRestrictionMembers)
      .where(
        and(
          eq(classRestrictionMembers.groupKind, kind),
          eq(classRestrictionMembers.userGroupId, data.userGroupId),
          isNull(classRestrictionMembers.removedAt),
        ),
      );
    const already = new Set(listed.map((r) => r.groupName));
    const missing = overview.classes.filter((c) => c.pupils > 0 && !already.has(c.name)).map((c) => c.name);
    if (missing.length === 0) return { added: 0 };
    await tx.insert(classRestrictionMembers).values(
      missing.map((groupName) => ({
        id: randomUUID(),
        schoolId,
        groupKind: kind,
        groupName,
        userGroupId: data.userGroupId,
        createdAt: now,
      })),
    );
    await recordAdminEvent(tx, ctx, {
      action: 'admin.class_restriction_changed',
      entityType: 'school',
      entityId: schoolId,
      details: { kind, classes: missing, addedUserGroups: [data.userGroupId] },
      at: now,
    });
    return { added: missing.length };
  });
}

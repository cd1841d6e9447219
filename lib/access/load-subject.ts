/**
 * Reads what the permission engine needs for one signed-in request and builds
 * the AccessSubject. The only module of lib/access that touches the database;
 * everything it reads goes through makeAccessSubject, where the rules live.
 *
 * Memoised per context object, so a page and the services it calls share one
 * subject (and one instant) for the whole request.
 */
import 'server-only';
import { and, eq, isNull, or } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { alerts, classRestrictionMembers, userGroupCategoryPermissions } from '@/db/schema';
import type { UserCtx } from '@/lib/tenancy/context';
import { makeAccessSubject } from './subject';
import type { AccessSubject } from './types';

const subjects = new WeakMap<UserCtx, Promise<AccessSubject>>();

export function accessSubjectOf(ctx: UserCtx): Promise<AccessSubject> {
  let subject = subjects.get(ctx);
  if (!subject) {
    subject = loadAccessSubject(ctx, new Date());
    subjects.set(ctx, subject);
    // A failed load is not cached: the next call tries again.
    subject.catch(() => subjects.delete(ctx));
  }
  return subject;
}

/**
 * The subject as far as area actions need it (administration, reports, the
 * finder's flags): system permissions and elevation from the session alone.
 * Category rights, class restrictions and alerts play no part in those, so
 * they are left empty rather than read. Never use it for a record.
 */
export function sessionSubject(ctx: UserCtx, now = new Date()): AccessSubject {
  return makeAccessSubject({
    userId: ctx.user.id,
    schoolId: ctx.school.id,
    elevated: ctx.user.elevated,
    now,
    groupPermissions: ctx.user.permissions,
    categoryPermissions: [],
    classRestrictions: 'off',
    restrictionGroups: [],
    alertedIncidentIds: [],
    studentSearchOnAddIncident: false,
    libraryForNonKeyUsers: false,
  });
}

/** A user group's stored rights in each category it has a row for (no row: no rights). */
export function groupCategoryRights(tx: Tx, schoolId: string, groupId: string) {
  return tx
    .select({
      categoryId: userGroupCategoryPermissions.categoryId,
      viewStudents: userGroupCategoryPermissions.viewStudents,
      viewIncidents: userGroupCategoryPermissions.viewIncidents,
      addIncidents: userGroupCategoryPermissions.addIncidents,
    })
    .from(userGroupCategoryPermissions)
    .where(
      and(eq(userGroupCategoryPermissions.schoolId, schoolId), eq(userGroupCategoryPermissions.userGroupId, groupId)),
    );
}

export async function loadAccessSubject(ctx: UserCtx, now: Date): Promise<AccessSubject> {
  const { user, school } = ctx;
  const restrictBy = school.settings.classRestrictions;
  const { categoryRows, restrictionRows, alertRows } = await ctx.run(async (tx) => {
    const categoryRows = await groupCategoryRights(tx, school.id, user.userGroupId);
    const restrictionRows =
      restrictBy === 'off'
        ? []
        : await tx
            .selectDistinct({ groupName: classRestrictionMembers.groupName })
            .from(classRestrictionMembers)
            .where(
              and(
                eq(classRestrictionMembers.groupKind, restrictBy),
                isNull(classRestrictionMembers.removedAt),
                or(
                  eq(classRestrictionMembers.userId, user.id),
                  eq(classRestrictionMembers.userGroupId, user.userGroupId),
                ),
              ),
            );
    // A live alert (unread, not cleared) opens its incident to the person alerted.
    const alertRows = await tx
      .selectDistinct({ incidentId: alerts.incidentId })
      .from(alerts)
      .where(and(eq(alerts.userId, user.id), isNull(alerts.readAt), isNull(alerts.clearedAt)));
    return { categoryRows, restrictionRows, alertRows };
  });
  return makeAccessSubject({
    userId: user.id,
    schoolId: school.id,
    elevated: user.elevated,
    now,
    // The session loader read the group's permissions on this request already.
    groupPermissions: user.permissions,
    categoryPermissions: categoryRows,
    classRestrictions: restrictBy,
    restrictionGroups: restrictionRows.map((r) => r.groupName),
    alertedIncidentIds: alertRows.map((r) => r.incidentId),
    studentSearchOnAddIncident: school.settings.studentSearchOnAddIncident,
    // The policy library and its school setting come with the planner and library work.
    libraryForNonKeyUsers: false,
  });
}

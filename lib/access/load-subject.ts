/**
 * Reads what the permission engine needs for one signed-in request and builds
 * the AccessSubject. The only module of lib/access that touches the database;
 * everything it reads goes through makeAccessSubject, where the rules live.
 *
 * Memoised per context object, so a page and the services it calls share one
 * subject (and one instant) for the whole request.
 */
import 'server-only';
import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { alerts, classRestrictionMembers, memberships, userGroupCategoryPermissions, userGroups } from '@/db/schema';
import type { School, UserCtx } from '@/lib/tenancy/context';
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
    // The library is an area of its own, so the school's opening of it to everyone counts here.
    libraryForNonKeyUsers: ctx.school.settings.libraryForNonKeyUsers,
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

/** The class groups a person (or their user group) is listed for, when the school restricts by class. */
function restrictionGroupsOf(tx: Tx, school: Pick<School, 'id' | 'settings'>, userId: string, userGroupId: string) {
  const restrictBy = school.settings.classRestrictions;
  if (restrictBy === 'off') return Promise.resolve([]);
  return tx
    .selectDistinct({ groupName: classRestrictionMembers.groupName })
    .from(classRestrictionMembers)
    .where(
      and(
        eq(classRestrictionMembers.schoolId, school.id),
        eq(classRestrictionMembers.groupKind, restrictBy),
        isNull(classRestrictionMembers.removedAt),
        or(eq(classRestrictionMembers.userId, userId), eq(classRestrictionMembers.userGroupId, userGroupId)),
      ),
    );
}

/**
 * Another member of staff as the rules would see them once they had used
 * their key (elevated), for deciding whether something may be shown to them
 * later, e.g. whether they may be alerted to a document. Their live alerts
 * are left out: only what their group and class lists give them counts.
 * Null when they are not an active member of this school.
 */
export async function staffSubject(
  tx: Tx,
  school: Pick<School, 'id' | 'settings'>,
  userId: string,
  now: Date,
): Promise<AccessSubject | null> {
  return (await staffSubjects(tx, school, now, [userId])).get(userId) ?? null;
}

/**
 * `staffSubject` for many people at once, keyed by user id: every active
 * member of the school, or only those of `userIds` who are. Three reads
 * however many people (memberships with their groups' permissions, the
 * groups' category rows, the class lists naming them or their groups), so a
 * list of the staff something may go to costs the same for 5 or 500 staff.
 */
export async function staffSubjects(
  tx: Tx,
  school: Pick<School, 'id' | 'settings'>,
  now: Date,
  userIds?: readonly string[],
): Promise<Map<string, AccessSubject>> {
  const out = new Map<string, AccessSubject>();
  if (userIds && userIds.length === 0) return out;
  const members = await tx
    .select({ userId: memberships.userId, userGroupId: memberships.userGroupId, permissions: userGroups.permissions })
    .from(memberships)
    .innerJoin(userGroups, eq(userGroups.id, memberships.userGroupId))
    .where(
      and(
        eq(memberships.schoolId, school.id),
        eq(memberships.status, 'active'),
        userIds ? inArray(memberships.userId, [...new Set(userIds)]) : undefined,
      ),
    );
  if (members.length === 0) return out;
  const groupIds = [...new Set(members.map((m) => m.userGroupId))];
  const categoryRows = await tx
    .select({
      userGroupId: userGroupCategoryPermissions.userGroupId,
      categoryId: userGroupCategoryPermissions.categoryId,
      viewStudents: userGroupCategoryPermissions.viewStudents,
      viewIncidents: userGroupCategoryPermissions.viewIncidents,
      addIncidents: userGroupCategoryPermissions.addIncidents,
    })
    .from(userGroupCategoryPermissions)
    .where(
      and(
        eq(userGroupCategoryPermissions.schoolId, school.id),
        inArray(userGroupCategoryPermissions.userGroupId, groupIds),
      ),
    );
  const restrictBy = school.settings.classRestrictions;
  const restrictionRows =
    restrictBy === 'off'
      ? []
      : await tx
          .selectDistinct({
            userId: classRestrictionMembers.userId,
            userGroupId: classRestrictionMembers.userGroupId,
            groupName: classRestrictionMembers.groupName,
          })
          .from(classRestrictionMembers)
          .where(
            and(
              eq(classRestrictionMembers.schoolId, school.id),
              eq(classRestrictionMembers.groupKind, restrictBy),
              isNull(classRestrictionMembers.removedAt),
              or(
                inArray(
                  classRestrictionMembers.userId,
                  members.map((m) => m.userId),
                ),
                inArray(classRestrictionMembers.userGroupId, groupIds),
              ),
            ),
          );
  for (const m of members) {
    out.set(
      m.userId,
      makeAccessSubject({
        userId: m.userId,
        schoolId: school.id,
        elevated: true,
        now,
        groupPermissions: m.permissions,
        categoryPermissions: categoryRows.filter((r) => r.userGroupId === m.userGroupId),
        classRestrictions: restrictBy,
        restrictionGroups: restrictionRows
          .filter((r) => r.userId === m.userId || r.userGroupId === m.userGroupId)
          .map((r) => r.groupName),
        alertedIncidentIds: [],
        studentSearchOnAddIncident: school.settings.studentSearchOnAddIncident,
        libraryForNonKeyUsers: school.settings.libraryForNonKeyUsers,
      }),
    );
  }
  return out;
}

export async function loadAccessSubject(ctx: UserCtx, now: Date): Promise<AccessSubject> {
  const { user, school } = ctx;
  const restrictBy = school.settings.classRestrictions;
  const { categoryRows, restrictionRows, alertRows } = await ctx.run(async (tx) => {
    const categoryRows = await groupCategoryRights(tx, school.id, user.userGroupId);
    const restrictionRows = await restrictionGroupsOf(tx, school, user.id, user.userGroupId);
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
    libraryForNonKeyUsers: school.settings.libraryForNonKeyUsers,
  });
}

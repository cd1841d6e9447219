/**
 * Reads for Admin → Class restrictions. A class is a tutor or year group (the
 * kind the school restricts by, settings.classRestrictions) that a pupil on
 * roll belongs to, or that still has people listed for it. Listed people and
 * user groups are the live class_restriction_members rows.
 */
import 'server-only';
import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { classRestrictionMembers, students, userGroups } from '@/db/schema';
import { NotFoundError } from '@/lib/errors';
import type { ClassGroupKind } from '@/lib/access';
import type { AlertGroupCandidate, ClassRestrictionDetail, ClassRestrictionOverview, RestrictedClass } from './types';
import type { Ctx } from '@/lib/tenancy/context';
import { requireAdmin } from './guard';
import { choosableMembers } from './member-choice';

const groupColumn = (kind: ClassGroupKind) => (kind === 'tutor' ? students.tutorGroup : students.yearGroup);

/** Classes in a natural order: "Year 7" before "Year 10", "7A" before "10B". */
export function compareClassNames(a: string, b: string): number {
  return a.localeCompare(b, 'en-GB', { numeric: true, sensitivity: 'base' });
}

async function pupilCounts(tx: Tx, kind: ClassGroupKind): Promise<Map<string, number>> {
  const col = groupColumn(kind);
  const rows = await tx
    .select({ name: col, pupils: sql<number>`count(*)::int` })
    .from(students)
    .where(and(isNull(students.archivedAt), isNotNull(col)))
    .groupBy(col);
  return new Map(rows.map((r) => [r.name as string, r.pupils]));
}

async function liveRows(tx: Tx, kind: ClassGroupKind, groupName?: string) {
  return tx
    .select({
      groupName: classRestrictionMembers.groupName,
      userId: classRestrictionMembers.userId,
      userGroupId: classRestrictionMembers.userGroupId,
      userGroupName: userGroups.name,
    })
    .from(classRestrictionMembers)
    .leftJoin(userGroups, eq(userGroups.id, classRestrictionMembers.userGroupId))
    .where(
      and(
        eq(classRestrictionMembers.groupKind, kind),
        isNull(classRestrictionMembers.removedAt),
        groupName === undefined ? undefined : eq(classRestrictionMembers.groupName, groupName),
      ),
    );
}

export async function getClassRestrictionOverview(ctx: Ctx): Promise<ClassRestrictionOverview> {
  requireAdmin(ctx);
  const kind = ctx.school.settings.classRestrictions;
  if (kind === 'off') return { kind, classes: [], unassigned: [] };
  return ctx.run(async (tx) => {
    const counts = await pupilCounts(tx, kind);
    const byClass = new Map<string, RestrictedClass>();
    const get = (name: string) => {
      let c = byClass.get(name);
      if (!c) byClass.set(name, (c = { name, pupils: counts.get(name) ?? 0, people: 0, userGroups: [] }));
      return c;
    };
    for (const name of counts.keys()) get(name);
    for (const row of await liveRows(tx, kind)) {
      const c = get(row.groupName);
      if (row.userId) c.people += 1;
      else if (row.userGroupName) c.userGroups.push(row.userGroupName);
    }
    const classes = [...byClass.values()].sort((a, b) => compareClassNames(a.name, b.name));
    for (const c of classes) c.userGroups.sort((a, b) => a.localeCompare(b, 'en-GB'));
    return {
      kind,
      classes,
      unassigned: classes.filter((c) => c.pupils > 0 && c.people === 0 && c.userGroups.length === 0).map((c) => c.name),
    };
  });
}

/** One class; a name that is neither a class of pupils on roll nor listed anywhere is not found. */
export async function getClassRestriction(ctx: Ctx, rawName: string): Promise<ClassRestrictionDetail> {
  requireAdmin(ctx);
  const kind = ctx.school.settings.classRestrictions;
  if (kind === 'off') throw new NotFoundError('class');
  const name = rawName.trim();
  if (!name || name.length > 60) throw new NotFoundError('class');
  return ctx.run(async (tx) => {
    const counts = await pupilCounts(tx, kind);
    const rows = await liveRows(tx, kind, name);
    if (!counts.has(name) && rows.length === 0) throw new NotFoundError('class');
    return {
      kind,
      name,
      pupils: counts.get(name) ?? 0,
      memberIds: rows.flatMap((r) => (r.userId ? [r.userId] : [])),
      userGroupIds: rows.flatMap((r) => (r.userGroupId ? [r.userGroupId] : [])),
    };
  });
}

/** Listed people, for the class page's dual list: active members, plus anyone already listed. */
export async function listClassRestrictionCandidates(
  ctx: Ctx,
  keep: readonly string[],
): Promise<AlertGroupCandidate[]> {
  requireAdmin(ctx);
  return ctx.run((tx) => choosableMembers(tx, ctx.school.id, keep));
}

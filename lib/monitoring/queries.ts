/**
 * Reads of a pupil's monitoring for the profile: the lozenges of the header,
 * the categories of the Edit information tab and the whole history. Each
 * takes its category condition from lib/access (monitoringCategoryCondition,
 * viewableStudentCategoryIds), so a category the viewer may not see is never
 * read. Callers have already decided 'student.view' on the pupil.
 */
import 'server-only';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Tx } from '@/db/scoped';
import { categories, monitoringPeriods, users } from '@/db/schema';
import { lozengeTextColour, monitoringCategoryCondition, type AccessSubject } from '@/lib/access';
import { categoryFamilyOrder, parentCategory, parentCategoryJoin } from '@/lib/students/category-order';
import { runningCategories } from '@/lib/students/lozenges';
import type { MonitoringLozenge, MonitoringOption, MonitoringPeriodView } from './types';

const startedByUser = alias(users, 'started_by_user');
const endedByUser = alias(users, 'ended_by_user');

function lozenge(c: { id: string; name: string; colour: string }): MonitoringLozenge {
  return { categoryId: c.id, name: c.name, colour: c.colour, textColour: lozengeTextColour(c.colour) };
}

/** Categories the pupil is monitored in now, that the viewer may see. */
export async function currentMonitoring(
  tx: Tx,
  subject: AccessSubject,
  studentId: string,
): Promise<MonitoringLozenge[]> {
  return (await runningCategories(tx, subject, [studentId])).map(lozenge);
}

/**
 * Every category whose monitoring the viewer may see, with the pupil's running
 * period in it if any. Archived categories appear only while the pupil is
 * still monitored in them (so the period can be ended).
 */
export async function monitoringOptions(
  tx: Tx,
  subject: AccessSubject,
  studentId: string,
): Promise<MonitoringOption[]> {
  const rows = await tx
    .select({
      id: categories.id,
      name: categories.name,
      colour: categories.colour,
      parentName: parentCategory.name,
      archivedAt: categories.archivedAt,
      startedOn: monitoringPeriods.startedOn,
    })
    .from(categories)
    .leftJoin(parentCategory, parentCategoryJoin)
    .leftJoin(
      monitoringPeriods,
      and(
        eq(monitoringPeriods.schoolId, categories.schoolId),
        eq(monitoringPeriods.categoryId, categories.id),
        eq(monitoringPeriods.studentId, studentId),
        isNull(monitoringPeriods.endedOn),
      ),
    )
    .where(
      and(
        eq(categories.schoolId, subject.schoolId),
        monitoringCategoryCondition(subject, categories.id),
        sql`(${categories.archivedAt} is null or ${monitoringPeriods.id} is not null)`,
      ),
    )
    .orderBy(...categoryFamilyOrder());
  return rows.map((r) => ({
    ...lozenge(r),
    parentName: r.parentName,
    archived: r.archivedAt !== null,
    running: r.startedOn ? { startedOn: r.startedOn } : null,
  }));
}

/** Who or what started or ended a period. Nobody is deleted, so a missing person means none was recorded. */
function whoLabel(via: string | null, name: string | null): string {
  if (via === 'incident') return 'An incident';
  if (via === 'bulk') return name ? `Bulk update by ${name}` : 'Bulk update';
  return name ?? 'Not recorded';
}

/** Every period in categories the viewer may see, newest start first. */
export async function monitoringHistory(
  tx: Tx,
  subject: AccessSubject,
  studentId: string,
): Promise<MonitoringPeriodView[]> {
  const rows = await tx
    .select({
      id: monitoringPeriods.id,
      categoryId: categories.id,
      name: categories.name,
      colour: categories.colour,
      parentName: parentCategory.name,
      startedOn: monitoringPeriods.startedOn,
      endedOn: monitoringPeriods.endedOn,
      startedVia: monitoringPeriods.startedVia,
      endedVia: monitoringPeriods.endedVia,
      startedByName: startedByUser.displayName,
      endedByName: endedByUser.displayName,
    })
    .from(monitoringPeriods)
    .innerJoin(
      categories,
      and(eq(categories.schoolId, monitoringPeriods.schoolId), eq(categories.id, monitoringPeriods.categoryId)),
    )
    .leftJoin(parentCategory, parentCategoryJoin)
    .leftJoin(startedByUser, eq(startedByUser.id, monitoringPeriods.startedBy))
    .leftJoin(endedByUser, eq(endedByUser.id, monitoringPeriods.endedBy))
    .where(
      and(
        eq(monitoringPeriods.schoolId, subject.schoolId),
        eq(monitoringPeriods.studentId, studentId),
        monitoringCategoryCondition(subject, monitoringPeriods.categoryId),
      ),
    )
    .orderBy(desc(monitoringPeriods.startedOn), desc(monitoringPeriods.createdAt));
  return rows.map((r) => ({
    id: r.id,
    category: { ...lozenge({ id: r.categoryId, name: r.name, colour: r.colour }), parentName: r.parentName },
    startedOn: r.startedOn,
    endedOn: r.endedOn,
    startedBy: whoLabel(r.startedVia, r.startedByName),
    endedBy: r.endedOn === null ? null : whoLabel(r.endedVia, r.endedByName),
  }));
}

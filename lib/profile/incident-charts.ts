/**
 * The overview's incident charts: incidents by category and over time, from
 * the pupil's incidents the viewer may view (the permission engine's SQL
 * condition in the WHERE, never a filter after fetching). Months are those of
 * the incident's date in the school's time zone.
 */
import 'server-only';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { categories, incidentCategories, incidents, students } from '@/db/schema';
import type { AccessSubject } from '@/lib/access';
import { visibleIncidents } from '@/lib/incidents/visibility';
import type { IncidentCharts } from './types';

export async function incidentChartsFor(
  tx: Tx,
  subject: AccessSubject,
  studentId: string,
  timeZone = 'Europe/London',
): Promise<IncidentCharts> {
  const visible = and(
    eq(incidents.studentId, studentId),
    isNull(incidents.mergedIntoId),
    isNull(incidents.deletedAt),
    visibleIncidents(subject),
  );
  const byCategory = await tx
    .select({
      categoryId: categories.id,
      name: categories.name,
      colour: categories.colour,
      count: sql<number>`count(distinct ${incidents.id})::int`,
    })
    .from(incidents)
    .innerJoin(students, eq(students.id, incidents.studentId))
    .innerJoin(
      incidentCategories,
      and(eq(incidentCategories.incidentId, incidents.id), isNull(incidentCategories.removedAt)),
    )
    .innerJoin(categories, eq(categories.id, incidentCategories.categoryId))
    .where(visible)
    .groupBy(categories.id, categories.name, categories.colour, categories.sortOrder)
    .orderBy(asc(categories.sortOrder));
  const month = sql<string>`to_char(${incidents.occurredAt} at time zone ${timeZone}, 'YYYY-MM')`;
  const overTime = await tx
    .select({ month, count: sql<number>`count(*)::int` })
    .from(incidents)
    .innerJoin(students, eq(students.id, incidents.studentId))
    .where(visible)
    // By position: the time zone is a bound parameter, so the expression cannot be repeated.
    .groupBy(sql`1`)
    .orderBy(sql`1`);
  return { total: overTime.reduce((n, m) => n + m.count, 0), byCategory, overTime };
}

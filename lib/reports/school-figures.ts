/**
 * The whole-school counts behind Reporting → Graphs and Overview, each one
 * statement that groups and counts in the database under the permission
 * engine's conditions, never a filter after fetching:
 *
 * - incidents: the report engine's statement (./incident-query.ts), so the
 *   `incident.report` condition decides as it does for every report;
 * - pupils (SEN, ethnicity, religion, attendance): pupils on roll the viewer
 *   may list (`student.list`: class restrictions apply);
 * - monitoring: running periods in categories whose pupils the viewer may
 *   see, of pupils they may list.
 */
import 'server-only';
import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { attendanceMarks, monitoringPeriods, students } from '@/db/schema';
import { monitoringCategoryCondition, type AccessSubject } from '@/lib/access';
import { LEGACY_CODES_BEFORE } from '@/lib/attendance/codes';
import type { School } from '@/lib/tenancy/context';
import type { CodeCount } from './attendance-tally';
import { onRoll } from './on-roll';
import type { DayRange } from './date-range';
import type { IncidentFilters, IncidentGrouping } from './definition';
import { countIncidents } from './incident-query';
import { buildSummaryTable, type SummaryTable } from './summary-table';

/** Every incident the viewer's reports may count; the days are given apart. */
const NO_FILTERS: IncidentFilters = {
  dates: { kind: 'any' },
  categories: { match: 'any', ids: [] },
  status: 'any',
  recordedBy: { mode: 'only', ids: [] },
};

/** Incidents over the days by one grouping, as a summary table (categories in the school's order). */
export async function incidentCounts(
  tx: Tx,
  subject: AccessSubject,
  school: School,
  days: DayRange,
  by: IncidentGrouping,
  categoryOrder: readonly string[],
): Promise<SummaryTable> {
  const counts = await countIncidents(tx, subject, {
    filters: NO_FILTERS,
    days,
    primary: by,
    secondary: null,
    timeZone: school.timeZone,
    includeTraining: school.settings.trainingMode,
  });
  return buildSummaryTable(counts, by, null, categoryOrder);
}

export { onRoll };

/** Pupils monitored now, per category (those the viewer may see), and the pupils in any of them. */
export async function monitoredCounts(
  tx: Tx,
  subject: AccessSubject,
): Promise<{ byCategory: { categoryId: string; count: number }[]; total: number }> {
  const rows = await tx
    .select({
      categoryId: monitoringPeriods.categoryId,
      all: sql<boolean>`grouping(${monitoringPeriods.categoryId}) = 1`,
      count: sql<number>`count(distinct ${students.id})::int`,
    })
    .from(monitoringPeriods)
    .innerJoin(
      students,
      and(eq(students.schoolId, monitoringPeriods.schoolId), eq(students.id, monitoringPeriods.studentId)),
    )
    .where(
      and(
        eq(monitoringPeriods.schoolId, subject.schoolId),
        isNull(monitoringPeriods.endedOn),
        monitoringCategoryCondition(subject, monitoringPeriods.categoryId),
        onRoll(subject),
      ),
    )
    .groupBy(sql`grouping sets ((${monitoringPeriods.categoryId}), ())`);
  return {
    byCategory: rows.filter((r) => !r.all).map((r) => ({ categoryId: r.categoryId, count: Number(r.count) })),
    total: Number(rows.find((r) => r.all)?.count ?? 0),
  };
}

export const PUPIL_FIELDS = {
  sen: students.senStatus,
  ethnicity: students.ethnicity,
  religion: students.religion,
} as const;
export type PupilField = keyof typeof PUPIL_FIELDS;

/** Pupils on roll the viewer may list, counted by one of their MIS fields. */
export async function pupilCounts(
  tx: Tx,
  subject: AccessSubject,
  field: PupilField,
): Promise<{ key: string | null; count: number }[]> {
  const column = PUPIL_FIELDS[field];
  const rows = await tx
    .select({ key: sql<string | null>`${column}::text`, count: sql<number>`count(*)::int` })
    .from(students)
    .where(onRoll(subject))
    .groupBy(column);
  return rows.map((r) => ({ key: r.key, count: Number(r.count) }));
}

export type AttendanceKey = 'school' | 'tutor-group' | 'month' | 'pupil';

function attendanceKey(by: AttendanceKey): SQL {
  switch (by) {
    case 'school':
      return sql`null::text`;
    case 'tutor-group':
      return sql`${students.tutorGroup}`;
    case 'month':
      return sql`to_char(${attendanceMarks.date}, 'YYYY-MM')`;
    case 'pupil':
      return sql`${students.id}::text`;
  }
}

/**
 * Marks between the days (both ends needed: a year's marks) of the pupils the
 * condition keeps, counted by key and code; each code is counted apart either
 * side of the change of codes, so it is read with the meaning of its day
 * (./attendance-tally.ts). The one statement behind every attendance figure:
 * Overview, Graphs and the Attendance page differ only in key and condition.
 */
export async function attendanceTally(
  tx: Tx,
  subject: AccessSubject,
  days: { from: string; to: string },
  key: SQL,
  condition: SQL | undefined,
): Promise<CodeCount[]> {
  const rows = await tx
    .select({
      key: sql<string | null>`${key}`,
      code: attendanceMarks.code,
      firstDay: sql<string>`min(${attendanceMarks.date})::text`,
      sessions: sql<number>`count(*)::int`,
    })
    .from(attendanceMarks)
    .innerJoin(
      students,
      and(eq(students.schoolId, attendanceMarks.schoolId), eq(students.id, attendanceMarks.studentId)),
    )
    .where(
      and(
        eq(attendanceMarks.schoolId, subject.schoolId),
        sql`${attendanceMarks.date} between ${days.from}::date and ${days.to}::date`,
        condition,
      ),
    )
    // By position: the key may be an expression, which the statement cannot name twice.
    .groupBy(sql`1`, attendanceMarks.code, sql`${attendanceMarks.date} < ${LEGACY_CODES_BEFORE}::date`);
  return rows.map((r) => ({ ...r, sessions: Number(r.sessions) }));
}

/** Marks of pupils on roll the viewer may list, counted by key and code. */
export function attendanceCodeCounts(
  tx: Tx,
  subject: AccessSubject,
  days: { from: string; to: string },
  by: AttendanceKey,
): Promise<CodeCount[]> {
  return attendanceTally(tx, subject, days, attendanceKey(by), onRoll(subject));
}

/** The names and groups of some pupils, each one the viewer may list (the links of "highest and lowest"). */
export function pupilsByIds(tx: Tx, subject: AccessSubject, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return tx
    .select({
      id: students.id,
      legalForename: students.legalForename,
      legalSurname: students.legalSurname,
      preferredForename: students.preferredForename,
      preferredSurname: students.preferredSurname,
      tutorGroup: students.tutorGroup,
      yearGroup: students.yearGroup,
    })
    .from(students)
    .where(and(onRoll(subject), inArray(students.id, [...ids])));
}

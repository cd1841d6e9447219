/**
 * The statements behind Reporting → Attendance: marks grouped and counted in
 * the database by class (the school's main group type for reporting) or by
 * pupil, and pupils counted per class, each over pupils on roll the viewer
 * may list (`student.list`: class restrictions apply) who match the pupil
 * filters. Marks are counted by ./school-figures.ts's one attendance
 * statement, with this page's keys and conditions.
 */
import 'server-only';
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { attendanceMarks, students } from '@/db/schema';
import type { AccessSubject } from '@/lib/access';
import type { CodeCount } from './attendance-tally';
import { visibleStudents } from '@/lib/students/visible';
import { attendanceTally } from './school-figures';

export type ClassKind = 'tutor' | 'year';

/** The pupil's class column for the school's main group type. */
export const classColumn = (kind: ClassKind) => (kind === 'tutor' ? students.tutorGroup : students.yearGroup);

/**
 * Pupils the viewer may list, left or not: the filters' condition decides
 * whether pupils who have left count (pupilFilterCondition).
 */
export const listable = (subject: AccessSubject): SQL =>
  and(eq(students.schoolId, subject.schoolId), visibleStudents(subject, 'student.list'))!;

/** Pupils counted: the viewer may list them and they match the filters. */
const counted = (subject: AccessSubject, match: SQL): SQL => and(listable(subject), match)!;

/** Marks between the days, counted by class (or by pupil of one class) and by code. */
export function markCounts(
  tx: Tx,
  subject: AccessSubject,
  days: { from: string; to: string },
  match: SQL,
  by: { kind: ClassKind } & ({ per: 'class' } | { per: 'pupil'; group: string }),
): Promise<CodeCount[]> {
  const column = classColumn(by.kind);
  const key = by.per === 'class' ? sql`${column}` : sql`${students.id}::text`;
  return attendanceTally(
    tx,
    subject,
    days,
    key,
    and(counted(subject, match), by.per === 'pupil' ? eq(column, by.group) : undefined),
  );
}

/** Pupils per class (a class with pupils but no marks yet still has its row). */
export async function pupilsPerClass(
  tx: Tx,
  subject: AccessSubject,
  kind: ClassKind,
  match: SQL,
): Promise<{ key: string | null; count: number }[]> {
  const column = classColumn(kind);
  const rows = await tx
    .select({ key: column, count: sql<number>`count(*)::int` })
    .from(students)
    .where(counted(subject, match))
    .groupBy(column);
  return rows.map((r) => ({ key: r.key, count: Number(r.count) }));
}

/** The pupils of one class the viewer may list (all of them, filters apart: "is it a class they may see"). */
export function pupilsOfClass(tx: Tx, subject: AccessSubject, kind: ClassKind, group: string, match: SQL) {
  return tx
    .select({
      id: students.id,
      legalForename: students.legalForename,
      legalSurname: students.legalSurname,
      preferredForename: students.preferredForename,
      preferredSurname: students.preferredSurname,
      matches: sql<boolean>`coalesce(${match}, false)`,
    })
    .from(students)
    .where(and(listable(subject), eq(classColumn(kind), group)))
    .orderBy(asc(students.id));
}

/** The days with marks of pupils the viewer may list, leavers too: which school years the year picker offers. */
export async function markedDays(tx: Tx, subject: AccessSubject, upTo: string): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ date: attendanceMarks.date })
    .from(attendanceMarks)
    .innerJoin(
      students,
      and(eq(students.schoolId, attendanceMarks.schoolId), eq(students.id, attendanceMarks.studentId)),
    )
    .where(
      and(
        eq(attendanceMarks.schoolId, subject.schoolId),
        listable(subject),
        sql`${attendanceMarks.date} <= ${upTo}::date`,
      ),
    );
  return rows.map((r) => r.date);
}

/**
 * The school's calendar as stored: its live academic years, read in the
 * caller's transaction, and "this academic year" for today through the one
 * rule (./rule.ts).
 */
import 'server-only';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { academicYears } from '@/db/schema';
import { academicYearOn, type AcademicYear, type CalendarYear } from './rule';

export async function calendarYears(tx: Tx, schoolId: string): Promise<(CalendarYear & { version: number })[]> {
  return tx
    .select({
      id: academicYears.id,
      name: academicYears.name,
      startsOn: academicYears.startsOn,
      endsOn: academicYears.endsOn,
      terms: academicYears.terms,
      closures: academicYears.closures,
      version: academicYears.version,
    })
    .from(academicYears)
    .where(and(eq(academicYears.schoolId, schoolId), isNull(academicYears.removedAt)))
    .orderBy(asc(academicYears.startsOn));
}

/** The academic year `day` falls in for this school (its own, or the England default). */
export async function academicYearFor(tx: Tx, schoolId: string, day: string): Promise<AcademicYear> {
  return academicYearOn(await calendarYears(tx, schoolId), day);
}

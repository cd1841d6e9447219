/**
 * The Students listing's reads: the pupils a Students summary would count
 * (student-query.ts `studentConditions`: the runner may list them, they match
 * the pupil filters, and with "students with incidents matching" they have
 * an incident the runner may count), ordered by name, a batch at a time.
 * The order is decided once over ids only and each batch read in full by its
 * ids under the same conditions (./read-ahead.ts), so a whole school's
 * download never holds more than two batches.
 *
 * The pupil form's custom field values are the profile's information: read
 * only for pupils the runner may open (`student.view`, as the Contacts tab
 * and pupil-contacts.ts decide); for the others the listing shows none.
 */
import 'server-only';
import { and, asc, eq, inArray, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { studentProfiles, students } from '@/db/schema';
import type { AccessSubject } from '@/lib/access';
import type { NameStyle } from '@/lib/students/names';
import { visibleStudents } from '@/lib/students/visible';
import type { ListingPupil } from './listing-query';
import { readAhead } from './read-ahead';
import { studentConditions, type StudentQueryInput } from './student-query';

export interface StudentListingPupil extends ListingPupil {
  /** The pupil form's custom values; empty for a pupil the runner may not open. */
  customFields: Record<string, unknown>;
}

const where = (subject: AccessSubject, input: StudentQueryInput) =>
  and(eq(students.schoolId, subject.schoolId), studentConditions(subject, input));

/** Surname, then forename, of the name the reader's style shows (legal or preferred). */
function nameOrder(style: NameStyle): SQL[] {
  const pick = (legal: AnyColumn, preferred: AnyColumn) =>
    style.source === 'legal' ? sql`lower(${legal})` : sql`lower(coalesce(nullif(${preferred}, ''), ${legal}))`;
  return [
    pick(students.legalSurname, students.preferredSurname),
    pick(students.legalForename, students.preferredForename),
    sql`${students.id}`,
  ];
}

/** How many pupils the listing holds in all. */
export async function countStudentListing(tx: Tx, subject: AccessSubject, input: StudentQueryInput): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(students)
    .where(where(subject, input));
  return Number(row?.n ?? 0);
}

async function readPupils(
  tx: Tx,
  subject: AccessSubject,
  input: StudentQueryInput,
  style: NameStyle,
  which: { first: number } | { ids: readonly string[] },
): Promise<StudentListingPupil[]> {
  const rows = await tx
    .select({
      id: students.id,
      legalForename: students.legalForename,
      legalSurname: students.legalSurname,
      preferredForename: students.preferredForename,
      preferredSurname: students.preferredSurname,
      dateOfBirth: students.dateOfBirth,
      gender: students.gender,
      yearGroup: students.yearGroup,
      tutorGroup: students.tutorGroup,
      senStatus: students.senStatus,
      pupilPremium: students.pupilPremium,
      eal: students.eal,
      freeSchoolMeals: students.freeSchoolMeals,
      lookedAfter: students.lookedAfter,
      customFields: sql<Record<
        string,
        unknown
      > | null>`case when ${visibleStudents(subject, 'student.view')} then ${studentProfiles.customFields} end`,
    })
    .from(students)
    .leftJoin(
      studentProfiles,
      and(eq(studentProfiles.schoolId, students.schoolId), eq(studentProfiles.studentId, students.id)),
    )
    .where(and(where(subject, input), 'ids' in which ? inArray(students.id, [...which.ids]) : undefined))
    .orderBy(...nameOrder(style).map((o) => asc(o)))
    .limit('ids' in which ? which.ids.length : which.first);
  return rows.map((r) => ({ ...r, customFields: r.customFields ?? {} }));
}

/** The first `size` pupils of the listing (the enquiry view). */
export function firstStudentListingPage(
  tx: Tx,
  subject: AccessSubject,
  input: StudentQueryInput,
  style: NameStyle,
  size: number,
): Promise<StudentListingPupil[]> {
  return readPupils(tx, subject, input, style, { first: size });
}

/** Every pupil of the listing, `size` at a time, in name order, one batch read ahead. */
export async function* studentListingBatches(
  tx: Tx,
  subject: AccessSubject,
  input: StudentQueryInput,
  style: NameStyle,
  size = 500,
): AsyncGenerator<StudentListingPupil[]> {
  const order = await tx
    .select({ id: students.id })
    .from(students)
    .where(where(subject, input))
    .orderBy(...nameOrder(style).map((o) => asc(o)));
  yield* readAhead(
    order.map((r) => r.id),
    size,
    (ids) => readPupils(tx, subject, input, style, { ids }),
  );
}

/**
 * Pupils' contacts for a report (a listing's "The pupil's contacts"; a later
 * Students listing can use the same): those the profile's Contacts tab shows,
 * in its order (the MIS's priority first, then those added by hand), read
 * for a batch of pupils in one statement. A pupil's contacts are theirs to
 * see who may open the pupil (`student.view`, the rule the Contacts tab
 * decides with), so the statement carries lib/access's condition for it: a
 * pupil the runner may not open has no contacts here, whatever ids are asked
 * for, and another school's pupil never matches.
 */
import 'server-only';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { studentContacts, students } from '@/db/schema';
import type { AccessSubject } from '@/lib/access';
import { contactColumns, contactOrder } from '@/lib/students/contact-columns';
import { visibleStudents } from '@/lib/students/visible';

export interface ReportContact {
  title: string | null;
  forename: string;
  surname: string;
  relationship: string | null;
  /** 1 = first contact; null for those added by hand. */
  priority: number | null;
  parentalResponsibility: boolean;
  livesWithStudent: boolean;
  phone: string | null;
  mobile: string | null;
  email: string | null;
  address: string | null;
  organisation: string | null;
}

/** A batch of a listing names a few hundred pupils at most; a longer list is read in parts. */
const PART = 500;

/** Each pupil's contacts, by pupil id; a pupil without any (or out of reach) is absent. */
export async function contactsForPupils(
  tx: Tx,
  subject: AccessSubject,
  pupilIds: readonly string[],
): Promise<Map<string, ReportContact[]>> {
  const byPupil = new Map<string, ReportContact[]>();
  const ids = [...new Set(pupilIds)];
  for (let i = 0; i < ids.length; i += PART) {
    const rows = await tx
      .select({
        studentId: studentContacts.studentId,
        ...contactColumns,
      })
      .from(studentContacts)
      .innerJoin(
        students,
        and(eq(students.schoolId, studentContacts.schoolId), eq(students.id, studentContacts.studentId)),
      )
      .where(
        and(
          eq(studentContacts.schoolId, subject.schoolId),
          inArray(studentContacts.studentId, ids.slice(i, i + PART)),
          isNull(studentContacts.removedAt),
          visibleStudents(subject, 'student.view'),
        ),
      )
      // The Contacts tab's order, pupil by pupil.
      .orderBy(asc(studentContacts.studentId), ...contactOrder);
    for (const { studentId, ...contact } of rows) {
      const list = byPupil.get(studentId);
      if (list) list.push(contact);
      else byPupil.set(studentId, [contact]);
    }
  }
  return byPupil;
}

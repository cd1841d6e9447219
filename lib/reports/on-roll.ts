/**
 * Pupils on roll the viewer may list: the scope of the whole-school figures
 * (./school-figures.ts) and of the pupil filters' lists
 * (./pupil-filters-sql.ts), kept below both so neither imports the other.
 */
import 'server-only';
import { and, eq, type SQL } from 'drizzle-orm';
import { students } from '@/db/schema';
import type { AccessSubject } from '@/lib/access';
import { archivedFilter, visibleStudents } from '@/lib/students/visible';

/** Pupils on roll the viewer may list. */
export const onRoll = (subject: AccessSubject): SQL =>
  and(eq(students.schoolId, subject.schoolId), visibleStudents(subject, 'student.list'), archivedFilter(false))!;

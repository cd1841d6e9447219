/**
 * The students columns formatPupilName needs (names.ts). A query that names a
 * pupil selects these, never the whole row: date of birth, UPN and the rest
 * must not ride along to a page that only shows a name.
 */
import 'server-only';
import { students } from '@/db/schema';

export const pupilNameColumns = {
  legalForename: students.legalForename,
  legalSurname: students.legalSurname,
  preferredForename: students.preferredForename,
  preferredSurname: students.preferredSurname,
};

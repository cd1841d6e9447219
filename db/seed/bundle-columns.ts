/**
 * The columns of each MIS extract file, in the order ../shared/mis-format.md
 * lists them. The generator writes exactly these headers; a test parses the
 * format file and checks them column for column, so the two cannot drift apart.
 */

export const STUDENT_COLUMNS = [
  'mis_id',
  'upn',
  'legal_forename',
  'legal_surname',
  'preferred_forename',
  'preferred_surname',
  'date_of_birth',
  'gender',
  'year_group',
  'tutor_group',
  'sen_status',
  'ethnicity',
  'religion',
  'pupil_premium',
  'eal',
  'free_school_meals',
  'looked_after',
  'medical_conditions',
  'start_date',
  'leaving_date',
] as const;

export const STAFF_COLUMNS = [
  'mis_id',
  'title',
  'forename',
  'surname',
  'email',
  'job_title',
  'start_date',
  'end_date',
  'contract',
] as const;

export const CONTACT_COLUMNS = [
  'student_mis_id',
  'contact_id',
  'title',
  'forename',
  'surname',
  'relationship',
  'priority',
  'parental_responsibility',
  'lives_with_student',
  'phone',
  'mobile',
  'email',
  'address',
] as const;

export const ATTENDANCE_COLUMNS = ['student_mis_id', 'date', 'session', 'code'] as const;

export type StudentRow = Record<(typeof STUDENT_COLUMNS)[number], string>;
export type StaffRow = Record<(typeof STAFF_COLUMNS)[number], string>;
export type ContactRow = Record<(typeof CONTACT_COLUMNS)[number], string>;

/** Flags are written Y or N. */
export function flag(value: boolean): string {
  return value ? 'Y' : 'N';
}

export const BUNDLE_FILES = {
  students: 'students.csv',
  staff: 'staff.csv',
  contacts: 'contacts.csv',
  attendance: 'attendance.csv',
} as const;

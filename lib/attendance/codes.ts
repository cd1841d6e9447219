/**
 * Attendance codes as ../shared/mis-format.md defines them: the DfE codes in
 * force since August 2024, plus the four earlier codes (H, F, J, Y) that marks
 * dated before 19 August 2024 may still carry, read with their meaning of the
 * time. Every attendance figure in Haven is computed from `category`, so this
 * table is the one place that decides what a mark means.
 *
 * Pure module: no I/O.
 */

export type AttendanceCategory = 'present' | 'approved_activity' | 'authorised' | 'unauthorised' | 'not_counted';

export interface AttendanceCode {
  code: string;
  category: AttendanceCategory;
  description: string;
}

/** Marks dated before this day may use LEGACY_ATTENDANCE_CODES (the DfE changed the codes for 2024/25). */
export const LEGACY_CODES_BEFORE = '2024-08-19';

export const ATTENDANCE_CODES: readonly AttendanceCode[] = [
  { code: '/', category: 'present', description: 'Present (AM)' },
  { code: '\\', category: 'present', description: 'Present (PM)' },
  { code: 'L', category: 'present', description: 'Late, arrived before the register closed' },
  {
    code: 'K',
    category: 'approved_activity',
    description: 'Attending education provision arranged by the local authority',
  },
  { code: 'V', category: 'approved_activity', description: 'Attending an educational visit or trip' },
  { code: 'P', category: 'approved_activity', description: 'Participating in a sporting activity' },
  { code: 'W', category: 'approved_activity', description: 'Attending work experience' },
  { code: 'B', category: 'approved_activity', description: 'Attending any other approved educational activity' },
  { code: 'C', category: 'authorised', description: 'Leave of absence for exceptional circumstances' },
  {
    code: 'C1',
    category: 'authorised',
    description: 'Leave of absence for a regulated performance or employment abroad',
  },
  { code: 'C2', category: 'authorised', description: 'Leave of absence for a pupil on a part-time timetable' },
  { code: 'M', category: 'authorised', description: 'Leave of absence for a medical or dental appointment' },
  {
    code: 'J1',
    category: 'authorised',
    description: 'Leave of absence for an interview for employment or another school',
  },
  { code: 'S', category: 'authorised', description: 'Leave of absence for study leave' },
  { code: 'E', category: 'authorised', description: 'Suspended or permanently excluded, no alternative provision' },
  { code: 'I', category: 'authorised', description: 'Illness' },
  { code: 'R', category: 'authorised', description: 'Religious observance' },
  { code: 'T', category: 'authorised', description: 'Parent travelling for occupational purposes' },
  { code: 'G', category: 'unauthorised', description: 'Holiday not granted by the school' },
  { code: 'N', category: 'unauthorised', description: 'Reason for absence not yet established' },
  { code: 'O', category: 'unauthorised', description: 'Absent in other or unknown circumstances' },
  { code: 'U', category: 'unauthorised', description: 'Arrived in school after the register closed' },
  { code: 'D', category: 'not_counted', description: 'Dual registered, attending another school' },
  { code: 'Q', category: 'not_counted', description: 'Unable to attend because of a lack of access arrangements' },
  { code: 'X', category: 'not_counted', description: 'Not required to attend (non-compulsory school age)' },
  { code: 'Y1', category: 'not_counted', description: 'Transport normally provided not available' },
  { code: 'Y2', category: 'not_counted', description: 'Widespread disruption to travel' },
  { code: 'Y3', category: 'not_counted', description: 'Part of the school premises closed' },
  { code: 'Y4', category: 'not_counted', description: 'Whole school site unexpectedly closed' },
  { code: 'Y5', category: 'not_counted', description: 'In criminal justice detention' },
  { code: 'Y6', category: 'not_counted', description: 'Public health guidance or law' },
  { code: 'Y7', category: 'not_counted', description: 'Any other unavoidable cause' },
  { code: 'Z', category: 'not_counted', description: 'Prospective pupil not on the admission register' },
  { code: '#', category: 'not_counted', description: 'Planned whole or partial school closure' },
];

export const LEGACY_ATTENDANCE_CODES: readonly AttendanceCode[] = [
  { code: 'H', category: 'authorised', description: 'Holiday agreed by the school (before August 2024)' },
  { code: 'F', category: 'authorised', description: 'Extended family holiday agreed (before August 2024)' },
  { code: 'J', category: 'approved_activity', description: 'Interview (before August 2024)' },
  { code: 'Y', category: 'not_counted', description: 'Enforced closure (before August 2024)' },
];

const CURRENT = new Map(ATTENDANCE_CODES.map((c) => [c.code, c]));
const LEGACY = new Map(LEGACY_ATTENDANCE_CODES.map((c) => [c.code, c]));

/**
 * What a mark means on its date, or null when the code is not valid then (the
 * importer reports it as a row error). `date` is `YYYY-MM-DD`; codes are
 * matched after trimming and upper-casing, since no two codes differ by case.
 */
export function lookupAttendanceCode(code: string, date: string): AttendanceCode | null {
  const key = code.trim().toUpperCase();
  const current = CURRENT.get(key);
  if (current) return current;
  // ISO dates compare correctly as strings.
  if (date < LEGACY_CODES_BEFORE) return LEGACY.get(key) ?? null;
  return null;
}

/** The meaning category of a mark on its date, or null for a code not valid then. */
export function attendanceCategory(code: string, date: string): AttendanceCategory | null {
  return lookupAttendanceCode(code, date)?.category ?? null;
}

/** Every code a mark on `date` may carry. */
export function attendanceCodesValidOn(date: string): readonly AttendanceCode[] {
  return date < LEGACY_CODES_BEFORE ? [...ATTENDANCE_CODES, ...LEGACY_ATTENDANCE_CODES] : ATTENDANCE_CODES;
}

/** Attending sessions are the numerator of attendance %. */
export function countsAsAttending(category: AttendanceCategory): boolean {
  return category === 'present' || category === 'approved_activity';
}

/** Possible sessions are the denominator of attendance %: every mark except the not-counted ones. */
export function countsAsPossibleSession(category: AttendanceCategory): boolean {
  return category !== 'not_counted';
}

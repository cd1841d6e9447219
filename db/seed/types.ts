/** The generator's public option types (see index.ts for the entry point). */

export type Phase = 'primary' | 'secondary';

/** How a pupil's attendance is drawn; fixed pupils can ask for a specific one so tests can rely on it. */
export type AttendancePattern = 'typical' | 'persistently_absent' | 'severely_absent' | 'full';

/**
 * A pupil placed in the bundle exactly as described, so end-to-end tests and
 * the demo script can name them. Anything left out is generated as for any
 * other pupil of that year group.
 */
export interface FixedPupil {
  misId: string;
  legalForename: string;
  legalSurname: string;
  preferredForename?: string;
  preferredSurname?: string;
  gender: string;
  /** As the MIS writes it: `Reception` or `Year 1` … `Year 13`. */
  yearGroup: string;
  tutorGroup?: string;
  dateOfBirth?: string;
  /** Written as given, even if invalid (a test may want a bad UPN on purpose). */
  upn?: string;
  senStatus?: 'N' | 'K' | 'E';
  ethnicity?: string;
  religion?: string;
  pupilPremium?: boolean;
  eal?: boolean;
  freeSchoolMeals?: boolean;
  lookedAfter?: boolean;
  medicalConditions?: readonly string[];
  startDate?: string;
  /** Family background key from names.ts, used to name the parents. Default white_british. */
  background?: string;
  /** Fixed pupils with the same family label are siblings: they share their contacts. */
  family?: string;
  attendance?: AttendancePattern;
}

/** A member of staff placed in the bundle exactly as described. */
export interface FixedStaff {
  misId: string;
  title: string;
  forename: string;
  surname: string;
  jobTitle: string;
  /** Default: initial.surname at the school's email domain. */
  email?: string;
  startDate?: string;
  endDate?: string;
  contract?: 'full-time' | 'part-time';
}

export interface GenerateSchoolOptions {
  seed: number;
  slug: string;
  name: string;
  phase: Phase;
  /** Pupils on roll today, fixed pupils included; a few past leavers are added on top. */
  pupils: number;
  /** Rows in staff.csv, fixed staff and past leavers included. */
  staff: number;
  /** Attendance runs from this many years before `today` up to `today`. */
  attendanceYears: number;
  /** `YYYY-MM-DD`: the generator never reads the clock. */
  today: string;
  emailDomain: string;
  fixedPupils?: readonly FixedPupil[];
  fixedStaff?: readonly FixedStaff[];
  /** Secondary only: add Years 12 and 13. */
  sixthForm?: boolean;
  /** Where the families live; a fictional town is chosen from the seed when absent. */
  town?: { name: string; postcodeArea: string };
}

export interface BundleCounts {
  /** Rows written to each file. */
  students: number;
  staff: number;
  contacts: number;
  attendance: number;
}

export interface GeneratedBundle {
  /** Absolute paths of the files written, in a stable order. */
  files: string[];
  counts: BundleCounts;
}

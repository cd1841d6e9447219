/** The generator's in-memory school, from which each CSV file is written. */
import type { Background, Surname } from './names';
import type { YearGroup } from './school-shape';
import type { AttendancePattern, GenerateSchoolOptions } from './types';

export interface SchoolContext {
  opts: GenerateSchoolOptions;
  /** Day numbers (see dates.ts). */
  today: number;
  /** The school year `today` is in (named by its starting calendar year). */
  schoolYear: number;
  years: readonly YearGroup[];
  /** The year group most pupils join in (Reception or Year 7). */
  entryIndex: number;
  town: { name: string; postcodeArea: string };
}

export interface Family {
  id: number;
  background: Background;
  surname: Surname;
  lookedAfter: boolean;
  freeSchoolMeals: boolean;
  eal: boolean;
  religion: string;
  children: Pupil[];
}

export interface Pupil {
  misId: string;
  upn: string;
  legalForename: string;
  legalSurname: string;
  preferredForename: string;
  preferredSurname: string;
  dateOfBirth: string;
  gender: string;
  /** Year group index in `asOfSchoolYear` (today's for pupils on roll, the leaving year's for leavers). */
  yearIndex: number;
  asOfSchoolYear: number;
  tutorGroup: string;
  senStatus: string;
  ethnicity: string;
  religion: string;
  pupilPremium: boolean;
  eal: boolean;
  freeSchoolMeals: boolean;
  lookedAfter: boolean;
  medicalConditions: readonly string[];
  startDay: number;
  leaveDay: number | null;
  attendance: AttendancePattern;
  fixed: boolean;
  family: Family;
}

export interface ContactPerson {
  contactId: string;
  title: string;
  forename: string;
  surname: string;
  relationship: string;
  parentalResponsibility: boolean;
  livesWithStudent: boolean;
  phone: string;
  mobile: string;
  email: string;
  address: string;
}

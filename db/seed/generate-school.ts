/**
 * Generates one school's MIS extract bundle: students.csv, staff.csv,
 * contacts.csv and attendance.csv, exactly in the format of
 * ../shared/mis-format.md. The same options always give byte-identical files.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { BUNDLE_FILES, CONTACT_COLUMNS, STAFF_COLUMNS, STUDENT_COLUMNS, flag, type StudentRow } from './bundle-columns';
import { schoolYearOf, toDay, toIso } from './dates';
import { writeAttendance } from './generate-attendance';
import { generateContactRows } from './generate-contacts';
import { generatePupils } from './generate-pupils';
import { generateStaffRows } from './generate-staff';
import type { Pupil, SchoolContext } from './model';
import { Random } from './random';
import { entryYearIndex, yearGroupName, yearGroupsFor } from './school-shape';
import type { GenerateSchoolOptions, GeneratedBundle } from './types';
import { writeCsvFile } from './write-bundle';

/** Fictional towns with postcode areas that do not exist, so no address is anyone's real one. */
const TOWNS = [
  { name: 'Havenbridge', postcodeArea: 'HV' },
  { name: 'Kirkby Fold', postcodeArea: 'KF' },
  { name: 'Ashworth Vale', postcodeArea: 'AZ' },
  { name: 'Marsden Cross', postcodeArea: 'MX' },
  { name: 'Thornleigh', postcodeArea: 'TV' },
];

export function validateOptions(opts: GenerateSchoolOptions): void {
  const problems: string[] = [];
  if (!Number.isInteger(opts.seed)) problems.push('seed must be an integer');
  if (!Number.isInteger(opts.pupils) || opts.pupils < 0) problems.push('pupils must be a whole number');
  if (!Number.isInteger(opts.staff) || opts.staff < 0) problems.push('staff must be a whole number');
  if (!Number.isInteger(opts.attendanceYears) || opts.attendanceYears < 0 || opts.attendanceYears > 10) {
    problems.push('attendanceYears must be a whole number from 0 to 10');
  }
  if (opts.sixthForm && opts.phase !== 'secondary') problems.push('only a secondary school has a sixth form');
  if (!/^[a-z0-9.-]+$/.test(opts.emailDomain)) problems.push('emailDomain must be a lower-case domain name');
  const ids = (opts.fixedPupils ?? []).map((p) => p.misId);
  if (new Set(ids).size !== ids.length) problems.push('fixed pupils must have distinct mis_ids');
  if (problems.length > 0) throw new Error(`Invalid school generator options: ${problems.join('; ')}`);
  toDay(opts.today);
}

export async function generateSchool(dir: string, opts: GenerateSchoolOptions): Promise<GeneratedBundle> {
  validateOptions(opts);
  const rng = new Random(opts.seed);
  const today = toDay(opts.today);
  const ctx: SchoolContext = {
    opts,
    today,
    schoolYear: schoolYearOf(today),
    years: yearGroupsFor(opts.phase, opts.sixthForm ?? false),
    entryIndex: entryYearIndex(opts.phase),
    town: opts.town ?? rng.fork('town').pick(TOWNS),
  };

  const pupils = generatePupils(ctx, rng.fork('pupils'));
  const contacts = generateContactRows(ctx, pupils, rng.fork('contacts'));
  const staff = generateStaffRows(ctx, rng.fork('staff'));

  await mkdir(dir, { recursive: true });
  const file = (name: string): string => path.resolve(dir, name);
  await writeCsvFile(file(BUNDLE_FILES.students), STUDENT_COLUMNS, pupils.map(studentRow));
  await writeCsvFile(file(BUNDLE_FILES.staff), STAFF_COLUMNS, staff);
  await writeCsvFile(file(BUNDLE_FILES.contacts), CONTACT_COLUMNS, contacts);
  const attendance = await writeAttendance(ctx, pupils, rng.fork('attendance'), file(BUNDLE_FILES.attendance));

  return {
    files: [BUNDLE_FILES.students, BUNDLE_FILES.staff, BUNDLE_FILES.contacts, BUNDLE_FILES.attendance].map(file),
    counts: { students: pupils.length, staff: staff.length, contacts: contacts.length, attendance },
  };
}

function studentRow(p: Pupil): StudentRow {
  return {
    mis_id: p.misId,
    upn: p.upn,
    legal_forename: p.legalForename,
    legal_surname: p.legalSurname,
    preferred_forename: p.preferredForename,
    preferred_surname: p.preferredSurname,
    date_of_birth: p.dateOfBirth,
    gender: p.gender,
    year_group: yearGroupName(p.yearIndex),
    tutor_group: p.tutorGroup,
    sen_status: p.senStatus,
    ethnicity: p.ethnicity,
    religion: p.religion,
    pupil_premium: flag(p.pupilPremium),
    eal: flag(p.eal),
    free_school_meals: flag(p.freeSchoolMeals),
    looked_after: flag(p.lookedAfter),
    medical_conditions: p.medicalConditions.join(';'),
    start_date: toIso(p.startDay),
    leaving_date: p.leaveDay === null ? '' : toIso(p.leaveDay),
  };
}

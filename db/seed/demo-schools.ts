/**
 * The demo trust (two schools) and the large benchmark school. Each demo
 * school has fixed pupils and staff that end-to-end tests and the demo script
 * may name; everyone else is generated from the seed. Pass `today` when
 * generating: `generateSchoolBundle(dir, { ...DEMO_SCHOOLS[0], today })`.
 *
 * The fixed UPNs are valid (a test checks them) and differ between the two
 * schools: a transfer test that wants a shared UPN makes one on purpose.
 */
import type { GenerateSchoolOptions } from './types';

export type DemoSchool = Omit<GenerateSchoolOptions, 'today'> & {
  trustName: string;
  timeZone: string;
};

const TRUST_NAME = 'Haven Learning Trust';
const TIME_ZONE = 'Europe/London';
const TOWN = { name: 'Havenbridge', postcodeArea: 'HV' };

export const DEMO_ACADEMY: DemoSchool = {
  seed: 20_251,
  slug: 'demo',
  name: 'Haven Demo Academy',
  phase: 'secondary',
  pupils: 300,
  staff: 40,
  // Two years, so a pupil's Attendance tab always has an earlier school year to pick, whatever the date.
  attendanceYears: 2,
  emailDomain: 'demo.haven.test',
  trustName: TRUST_NAME,
  timeZone: TIME_ZONE,
  town: TOWN,
  fixedPupils: [
    {
      misId: 'S0001',
      upn: 'B383200118001',
      legalForename: 'Zoë',
      legalSurname: "O'Brien",
      gender: 'Female',
      yearGroup: 'Year 7',
      tutorGroup: '7A',
      ethnicity: 'White - Irish',
      religion: 'Roman Catholic',
      background: 'irish',
      attendance: 'typical',
    },
    {
      misId: 'S0002',
      upn: 'H383200117004',
      legalForename: 'Oluwaseun',
      legalSurname: 'Adeyemi',
      preferredForename: 'Seun',
      gender: 'Male',
      yearGroup: 'Year 8',
      tutorGroup: '8B',
      senStatus: 'K',
      ethnicity: 'Black - African',
      religion: 'Christian',
      pupilPremium: true,
      eal: true,
      freeSchoolMeals: true,
      medicalConditions: ['Asthma'],
      background: 'nigerian',
    },
    // Siblings: they share their parents' contact ids, which is how the importer links them.
    {
      misId: 'S0003',
      upn: 'H383200115002',
      legalForename: 'Łukasz',
      legalSurname: 'Kowalczyk',
      gender: 'Male',
      yearGroup: 'Year 10',
      tutorGroup: '10A',
      ethnicity: 'White - Other',
      religion: 'Roman Catholic',
      eal: true,
      background: 'polish',
      family: 'kowalczyk',
    },
    {
      misId: 'S0004',
      upn: 'L383200118007',
      legalForename: 'Zofia',
      legalSurname: 'Kowalczyk',
      gender: 'Female',
      yearGroup: 'Year 7',
      tutorGroup: '7B',
      ethnicity: 'White - Other',
      religion: 'Roman Catholic',
      eal: true,
      background: 'polish',
      family: 'kowalczyk',
    },
    {
      misId: 'S0005',
      upn: 'T383200116011',
      legalForename: 'Mohammed',
      legalSurname: 'Al-Hassan',
      gender: 'Male',
      yearGroup: 'Year 9',
      tutorGroup: '9B',
      senStatus: 'E',
      ethnicity: 'Any other ethnic group - Arab',
      religion: 'Muslim',
      lookedAfter: true,
      pupilPremium: true,
      eal: true,
      medicalConditions: ['Epilepsy', 'Nut allergy'],
      background: 'arab',
    },
    {
      misId: 'S0006',
      upn: 'W383200114009',
      legalForename: 'Grace',
      legalSurname: 'Taylor-Jones',
      preferredForename: 'Gracie',
      gender: 'Female',
      yearGroup: 'Year 11',
      tutorGroup: '11A',
      ethnicity: 'Mixed - White and Black Caribbean',
      religion: 'Christian',
      background: 'mixed_white_black_caribbean',
      attendance: 'persistently_absent',
    },
  ],
  fixedStaff: [
    { misId: 'T001', title: 'Mrs', forename: 'Helen', surname: 'Carter', jobTitle: 'Headteacher' },
    { misId: 'T002', title: 'Mr', forename: 'David', surname: 'Okafor', jobTitle: 'Designated Safeguarding Lead' },
    { misId: 'T003', title: 'Ms', forename: 'Laura', surname: 'Wild', jobTitle: 'Deputy DSL' },
    { misId: 'T004', title: 'Mr', forename: 'Ben', surname: 'Price', jobTitle: 'Head of Year 8' },
    { misId: 'T005', title: 'Mr', forename: 'Tom', surname: 'Hughes', jobTitle: 'Teacher of Maths' },
  ],
};

export const NORTHFIELD_PRIMARY: DemoSchool = {
  seed: 20_252,
  slug: 'northfield',
  name: 'Northfield Primary School',
  phase: 'primary',
  pupils: 120,
  staff: 15,
  attendanceYears: 1,
  emailDomain: 'northfield.haven.test',
  trustName: TRUST_NAME,
  timeZone: TIME_ZONE,
  town: TOWN,
  fixedPupils: [
    {
      misId: 'S0011',
      upn: 'Q383201222003',
      legalForename: 'Thảo',
      legalSurname: 'Nguyễn',
      gender: 'Female',
      yearGroup: 'Year 3',
      tutorGroup: 'Cherry',
      ethnicity: 'Asian - Any other Asian background',
      religion: 'Buddhist',
      eal: true,
      background: 'vietnamese',
    },
    {
      misId: 'S0012',
      upn: 'X383201220005',
      legalForename: 'Inaya',
      legalSurname: 'Khan',
      gender: 'Female',
      yearGroup: 'Year 5',
      tutorGroup: 'Hazel',
      ethnicity: 'Asian - Pakistani',
      religion: 'Muslim',
      background: 'pakistani',
      family: 'khan',
    },
    {
      misId: 'S0013',
      upn: 'Q383201225006',
      legalForename: 'Ayaan',
      legalSurname: 'Khan',
      gender: 'Male',
      yearGroup: 'Reception',
      tutorGroup: 'Acorn',
      ethnicity: 'Asian - Pakistani',
      religion: 'Muslim',
      background: 'pakistani',
      family: 'khan',
    },
    {
      misId: 'S0014',
      upn: 'F383201219012',
      legalForename: 'Ciarán',
      legalSurname: "Ó'Súilleabháin",
      gender: 'Male',
      yearGroup: 'Year 6',
      tutorGroup: 'Oak',
      senStatus: 'K',
      ethnicity: 'White - Irish',
      religion: 'Roman Catholic',
      background: 'irish',
    },
  ],
  fixedStaff: [
    { misId: 'T001', title: 'Mrs', forename: 'Sarah', surname: 'Whitworth', jobTitle: 'Headteacher' },
    { misId: 'T002', title: 'Mr', forename: 'Imran', surname: 'Shah', jobTitle: 'Designated Safeguarding Lead' },
    { misId: 'T003', title: 'Miss', forename: 'Chloë', surname: 'Barraclough', jobTitle: 'Class Teacher (Cherry)' },
  ],
};

export const DEMO_SCHOOLS: readonly DemoSchool[] = [DEMO_ACADEMY, NORTHFIELD_PRIMARY];

export const DEMO_TRUST = {
  name: TRUST_NAME,
  timeZone: TIME_ZONE,
  schools: DEMO_SCHOOLS,
} as const;

/**
 * The benchmark school: 2,000 pupils (11–18), 150 staff, about 4,000 contact
 * rows and three years of attendance (about 760,000 marks a year). Pass
 * `attendanceYears: 1` for a quicker run.
 */
export const LARGE_SCHOOL: Omit<GenerateSchoolOptions, 'today'> = {
  seed: 424_242,
  slug: 'large',
  name: 'Great Northern Academy',
  phase: 'secondary',
  sixthForm: true,
  pupils: 2000,
  staff: 150,
  attendanceYears: 3,
  emailDomain: 'large.haven.test',
};

/**
 * The per-pupil facts that follow national patterns: date of birth for a year
 * group, SEN, medical conditions, start dates and attendance pattern. The
 * frequencies are close to England's published figures (about 13% SEN
 * support, 4–5% EHC plans, a quarter eligible for free school meals), so
 * reports on demo data look like reports on a real school.
 */
import { dayOf } from './dates';
import type { Family, SchoolContext } from './model';
import type { Random } from './random';
import { autumnTermStart, isSchoolDay } from './term-dates';
import type { AttendancePattern } from './types';

const MEDICAL_CONDITIONS: readonly (readonly [string, number])[] = [
  ['Asthma', 40],
  ['Eczema', 12],
  ['Hay fever', 8],
  ['Nut allergy', 8],
  ['Peanut allergy - carries adrenaline auto-injector', 4],
  ['Egg allergy', 3],
  ['Lactose intolerance', 3],
  ['Coeliac disease', 3],
  ['Migraine', 4],
  ['ADHD (medicated)', 4],
  ['Diabetes (type 1)', 3],
  ['Epilepsy', 3],
  ['Hearing impairment', 2],
  ['Visual impairment', 2],
  ['Congenital heart condition', 1],
  ['Sickle cell disease', 1],
  ['Juvenile arthritis', 0.5],
  ['Cystic fibrosis', 0.5],
];

/**
 * A date of birth for a pupil in `yearIndex` during `schoolYear`. English year
 * groups run 1 September to 31 August: a Year 7 pupil is 11 on the 31 August
 * before the school year starts, a Reception pupil 4.
 */
export function dateOfBirthDay(rng: Random, yearIndex: number, schoolYear: number): number {
  const from = dayOf(schoolYear - yearIndex - 5, 9, 1);
  const to = dayOf(schoolYear - yearIndex - 4, 8, 31);
  return rng.int(from, to);
}

export function pickSenStatus(rng: Random): 'N' | 'K' | 'E' {
  return rng.weighted([
    ['N', 82],
    ['K', 13.5],
    ['E', 4.5],
  ] as const);
}

export function pickMedicalConditions(rng: Random): string[] {
  if (!rng.chance(0.15)) return [];
  const count = rng.weighted([
    [1, 80],
    [2, 17],
    [3, 3],
  ] as const);
  const out: string[] = [];
  for (let i = 0; i < count * 3 && out.length < count; i++) {
    const c = rng.weighted(MEDICAL_CONDITIONS);
    if (!out.includes(c)) out.push(c);
  }
  return out;
}

/** Ethnicity as recorded: a few families decline, or the school has not asked yet. */
export function recordedEthnicity(rng: Random, family: Family): string {
  if (rng.chance(0.03)) return rng.pick(['', 'Information not yet obtained', 'Refused']);
  return family.background.ethnicity;
}

export function pickAttendancePattern(rng: Random, family: Family, senStatus: string): AttendancePattern {
  // Persistent absence is markedly higher among disadvantaged pupils and pupils with SEN.
  const pPersistent = 0.045 + (family.freeSchoolMeals ? 0.04 : 0) + (senStatus === 'N' ? 0 : 0.03);
  const r = rng.next();
  if (r < 0.008) return 'severely_absent';
  if (r < 0.008 + pPersistent) return 'persistently_absent';
  return 'typical';
}

export interface Admission {
  startDay: number;
  /** Joined part-way through, rather than with their cohort. */
  inYear: boolean;
}

/**
 * When a pupil joined. Most join with their cohort on the first day of
 * Reception (primary) or Year 7 (secondary); some sixth formers come from
 * other schools; a few arrive part-way through after a move. Never after
 * `latest` (today, or the day a leaver left).
 */
export function pickAdmission(
  ctx: SchoolContext,
  rng: Random,
  yearIndex: number,
  schoolYear: number,
  latest: number,
): Admission {
  let joinIndex = ctx.entryIndex;
  if (yearIndex >= 12 && rng.chance(0.25)) joinIndex = 12;
  const cohortStart = autumnTermStart(schoolYear - (yearIndex - joinIndex));
  if (cohortStart < latest && rng.chance(0.06)) {
    let day = rng.int(cohortStart, latest);
    while (day < latest && !isSchoolDay(day)) day++;
    return { startDay: day, inYear: true };
  }
  return { startDay: Math.min(cohortStart, latest), inYear: false };
}

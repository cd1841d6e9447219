/**
 * School-wide attendance events for each school day: planned closures (`#`,
 * e.g. the school used as a polling station), an occasional snow day, year
 * group trips, Year 10 work experience, and religious festivals on which many
 * families take authorised leave (`R`). Codes are chosen for the day's date:
 * before 19 August 2024 an enforced closure was `Y`, afterwards `Y4`.
 */
import { LEGACY_CODES_BEFORE } from '@/lib/attendance/codes';
import { dayOf, monthOf, onOrAfter, schoolYearOf, toDay, toIso, yearOf } from './dates';
import type { SchoolContext } from './model';
import type { Random } from './random';
import { autumnTermStart, schoolDaysBetween } from './term-dates';

/** Approximate UK dates (they follow the moon, and families observe them on a day or two). */
const FESTIVALS: Readonly<Record<string, readonly string[]>> = {
  Muslim: [
    '2021-05-13',
    '2021-07-20',
    '2022-05-02',
    '2022-07-11',
    '2023-04-21',
    '2023-06-28',
    '2024-04-10',
    '2024-06-17',
    '2025-03-31',
    '2025-06-06',
    '2026-03-20',
    '2026-05-27',
    '2027-03-10',
    '2027-05-17',
  ],
  Hindu: ['2021-11-04', '2022-10-24', '2023-11-13', '2024-11-01', '2025-10-20', '2026-11-09', '2027-10-29'],
  Sikh: ['2021-11-04', '2022-10-24', '2023-11-13', '2024-11-01', '2025-10-20', '2026-11-09', '2027-10-29'],
};

const MONDAY = 1;
const THURSDAY = 4;

export interface SchoolDay {
  day: number;
  iso: string;
  schoolYear: number;
  legacy: boolean;
  /** A code every pupil on roll gets for both sessions (closures). */
  closure: string | null;
  /** Year groups (indexes) out on a trip that day. */
  trips: readonly number[];
  /** Year 10 work experience week (secondary). */
  workExperience: boolean;
  /** Religions with a festival that day. */
  festivals: readonly string[];
  /** Reception pupils attend mornings only for their first days. */
  receptionSettlingIn: boolean;
}

export function buildSchoolDays(ctx: SchoolContext, from: number, to: number, rng: Random): SchoolDay[] {
  const days = schoolDaysBetween(from, to);
  const pollingStation = rng.chance(0.6);
  const festivalDays = new Map<number, string[]>();
  for (const [religion, dates] of Object.entries(FESTIVALS)) {
    for (const iso of dates) {
      const d = toDay(iso);
      festivalDays.set(d, [...(festivalDays.get(d) ?? []), religion]);
    }
  }
  const snowDays = new Set<number>();
  const seenYears = new Set<number>();
  for (const d of days) {
    const sy = schoolYearOf(d);
    if (seenYears.has(sy)) continue;
    seenYears.add(sy);
    // About one winter in three closes the school for a day.
    if (rng.chance(0.35)) {
      const winter = days.filter((x) => schoolYearOf(x) === sy && (monthOf(x) === 1 || monthOf(x) === 2));
      if (winter.length > 0) snowDays.add(rng.pick(winter));
    }
  }

  return days.map((day) => {
    const iso = toIso(day);
    const schoolYear = schoolYearOf(day);
    const legacy = iso < LEGACY_CODES_BEFORE;
    let closure: string | null = null;
    if (snowDays.has(day)) closure = legacy ? 'Y' : 'Y4';
    else if (pollingStation && isPollingDay(day)) closure = '#';
    const trips = ctx.years.filter(() => rng.chance(0.008)).map((y) => y.index);
    const workWeek = onOrAfter(dayOf(schoolYear + 1, 7, 1), MONDAY);
    return {
      day,
      iso,
      schoolYear,
      legacy,
      closure,
      trips,
      workExperience: ctx.opts.phase === 'secondary' && day >= workWeek && day < workWeek + 5,
      festivals: festivalDays.get(day) ?? [],
      receptionSettlingIn: day - autumnTermStart(schoolYear) < 12,
    };
  });
}

/** Local elections in England fall on the first Thursday in May. */
function isPollingDay(day: number): boolean {
  return day === onOrAfter(dayOf(yearOf(day), 5, 1), THURSDAY);
}

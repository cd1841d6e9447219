/**
 * Approximate English school term dates. Each local authority (and each
 * academy) sets its own, but they follow the same pattern closely enough for
 * demo data: three terms, a week's half term in each, two weeks around
 * Christmas and Easter, and about six weeks in summer. Attendance is only
 * marked on the days these rules leave open.
 */
import { dayOf, easterSunday, onOrAfter, onOrBefore, schoolYearOf, weekday } from './dates';

const MON = 1;
const FRI = 5;

interface TermPattern {
  /** First day pupils attend (the Monday before it is an INSET day). */
  autumnStart: number;
  closedRanges: readonly (readonly [number, number])[];
  /** Last day of the summer term. */
  summerEnd: number;
}

/** One-off bank holidays declared for national events. */
const EXTRA_BANK_HOLIDAYS = new Set([dayOf(2022, 9, 19), dayOf(2023, 5, 8)]);

const cache = new Map<number, TermPattern>();

function termPattern(schoolYear: number): TermPattern {
  const cached = cache.get(schoolYear);
  if (cached) return cached;
  const y = schoolYear;
  const next = schoolYear + 1;

  const autumnStart = onOrAfter(dayOf(y, 9, 1), MON) + 1;
  const octoberHalfTerm = onOrBefore(dayOf(y, 10, 31), MON);
  const christmasLastDay = lastWeekdayOnOrBefore(dayOf(y, 12, 20));
  const springStart = firstSpringDay(next);
  const februaryHalfTerm = onOrAfter(dayOf(next, 2, 12), MON);
  const easter = easterSunday(next);
  const earlyMayBankHoliday = onOrAfter(dayOf(next, 5, 1), MON);
  const mayHalfTerm = onOrBefore(dayOf(next, 5, 31), MON);
  const summerEnd = lastWeekdayOnOrBefore(dayOf(next, 7, 22));

  const pattern: TermPattern = {
    autumnStart,
    summerEnd,
    closedRanges: [
      [octoberHalfTerm, octoberHalfTerm + 4],
      [christmasLastDay + 1, springStart - 1],
      [februaryHalfTerm, februaryHalfTerm + 4],
      // Holy week and Easter week: covers Good Friday and Easter Monday.
      [easter - 6, easter + 5],
      [earlyMayBankHoliday, earlyMayBankHoliday],
      [mayHalfTerm, mayHalfTerm + 4],
    ],
  };
  cache.set(schoolYear, pattern);
  return pattern;
}

function lastWeekdayOnOrBefore(day: number): number {
  const wd = weekday(day);
  return wd === 0 || wd === 6 ? onOrBefore(day, FRI) : day;
}

/** Schools go back on 3 January unless that is late in the week, then the Monday after. */
function firstSpringDay(year: number): number {
  const jan3 = dayOf(year, 1, 3);
  const wd = weekday(jan3);
  return wd >= 1 && wd <= 3 ? jan3 : onOrAfter(jan3, MON);
}

/** The first day pupils attend in the given school year (named by its starting calendar year). */
export function autumnTermStart(schoolYear: number): number {
  return termPattern(schoolYear).autumnStart;
}

export function isSchoolDay(day: number): boolean {
  const wd = weekday(day);
  if (wd === 0 || wd === 6) return false;
  if (EXTRA_BANK_HOLIDAYS.has(day)) return false;
  const pattern = termPattern(schoolYearOf(day));
  if (day < pattern.autumnStart || day > pattern.summerEnd) return false;
  for (const [from, to] of pattern.closedRanges) {
    if (day >= from && day <= to) return false;
  }
  return true;
}

/** School days from `from` to `to`, both inclusive, in order. */
export function schoolDaysBetween(from: number, to: number): number[] {
  const days: number[] = [];
  for (let d = from; d <= to; d++) if (isSchoolDay(d)) days.push(d);
  return days;
}

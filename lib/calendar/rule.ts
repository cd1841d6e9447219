/**
 * "This academic year" and "this term": the one rule every caller asks
 * (attendance figures, the pupil's overview, reports' quick ranges, the
 * transfers clock). A school's own years come from Admin → Calendar (the
 * summer holiday after one, up to 31 August, still belongs to it); on a day
 * none of them covers, the England default applies: 1 September to
 * 31 August, with terms Autumn (to 31 December), Spring (to 31 March) and
 * Summer (to 31 August), so every day of a default year is in a term.
 *
 * Dates are `YYYY-MM-DD` school days (the caller works out today with
 * lib/time's dateInZone); ISO dates compare correctly as strings.
 *
 * Pure module.
 */

export interface Term {
  name: string;
  startsOn: string;
  endsOn: string;
}

export interface Closure {
  startsOn: string;
  endsOn: string;
  name: string;
}

/** A year as the school entered it (terms in order, inside the year, not overlapping). */
export interface CalendarYear {
  id: string;
  name: string;
  startsOn: string;
  endsOn: string;
  terms: readonly Term[];
  closures: readonly Closure[];
}

export interface AcademicYear extends Omit<CalendarYear, 'id'> {
  /** The stored year's id; null for the England default. */
  id: string | null;
  /** True when no year the school entered covers the day: the England default applies. */
  isDefault: boolean;
}

/** The English academic year's first day: 1 September. */
export const DEFAULT_YEAR_START = '09-01';

/** The England default year that `day` falls in. */
export function defaultAcademicYear(day: string): AcademicYear {
  const y = Number(day.slice(0, 4));
  const first = day.slice(5) >= DEFAULT_YEAR_START ? y : y - 1;
  return {
    id: null,
    name: `${first}/${String((first + 1) % 100).padStart(2, '0')}`,
    startsOn: `${first}-09-01`,
    endsOn: `${first + 1}-08-31`,
    terms: [
      { name: 'Autumn', startsOn: `${first}-09-01`, endsOn: `${first}-12-31` },
      { name: 'Spring', startsOn: `${first + 1}-01-01`, endsOn: `${first + 1}-03-31` },
      { name: 'Summer', startsOn: `${first + 1}-04-01`, endsOn: `${first + 1}-08-31` },
    ],
    closures: [],
    isDefault: true,
  };
}

/**
 * The academic year `day` falls in: the school's own year covering it; in
 * the summer after one of its years, until 31 August, still that year (as a
 * holiday belongs to the term before it); else the England default.
 */
export function academicYearOn(years: readonly CalendarYear[], day: string): AcademicYear {
  const own =
    years.find((y) => y.startsOn <= day && day <= y.endsOn) ??
    years.find((y) => y.endsOn < day && day <= defaultAcademicYear(y.startsOn).endsOn);
  return own ? { ...own, isDefault: false } : defaultAcademicYear(day);
}

/**
 * The term `day` belongs to in its year: the term covering it, or in a
 * holiday the term that last ended (the Christmas holiday belongs to the
 * autumn term). Null before the year's first term starts.
 */
export function termOn(year: AcademicYear, day: string): Term | null {
  let last: Term | null = null;
  for (const t of [...year.terms].sort((a, b) => (a.startsOn < b.startsOn ? -1 : 1))) {
    if (t.startsOn > day) break;
    last = t;
  }
  return last;
}

/** Whether the day is a closure day of its year. */
export function isClosureDay(year: AcademicYear, day: string): boolean {
  return year.closures.some((c) => c.startsOn <= day && day <= c.endsOn);
}

/**
 * The academic years the given days fall in, newest first, each once: the
 * years a pupil's attendance can be shown for, from the days they have marks
 * on. Each day is placed by academicYearOn, the one rule, so a summer mark
 * belongs to the year before it.
 */
export function academicYearsOf(years: readonly CalendarYear[], days: Iterable<string>): AcademicYear[] {
  const found = new Map<string, AcademicYear>();
  for (const day of days) {
    const year = academicYearOn(years, day);
    const key = `${year.startsOn}|${year.endsOn}|${year.name}`;
    if (!found.has(key)) found.set(key, year);
  }
  return [...found.values()].sort((a, b) => (a.startsOn < b.startsOn ? 1 : a.startsOn > b.startsOn ? -1 : 0));
}

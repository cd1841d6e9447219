/**
 * A definition's date filter as the school days it covers, worked out on the
 * day the report runs: quick ranges follow the calendar (a saved "this term"
 * report is this term's whenever it is regenerated). "This term" and "this
 * academic year" come from the one rule in lib/calendar, never restated here.
 *
 * Pure module.
 */
import { addDays } from '@/lib/attendance/dates';
import { academicYearOn, termOn, type CalendarYear } from '@/lib/calendar/rule';
import type { DateFilter, QuickRange } from './definition';

/** Inclusive school days; null is open-ended. */
export interface DayRange {
  from: string | null;
  to: string | null;
}

/** The same day of the month before (clamped to its last day: 31 March → 28 or 29 February). */
function monthBefore(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const year = m === 1 ? y - 1 : y;
  const month = m === 1 ? 12 : m - 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export function quickRangeDays(range: QuickRange, today: string, years: readonly CalendarYear[]): DayRange {
  switch (range) {
    case 'last-7-days':
      return { from: addDays(today, -6), to: today };
    case 'last-month':
      // A rolling month ending today, like "last 7 days": the day after the same day last month.
      return { from: addDays(monthBefore(today), 1), to: today };
    case 'this-term': {
      const year = academicYearOn(years, today);
      // Before the year's first term starts the term to report on is that first one.
      const term = termOn(year, today) ?? [...year.terms].sort((a, b) => (a.startsOn < b.startsOn ? -1 : 1))[0];
      return term ? { from: term.startsOn, to: term.endsOn } : { from: year.startsOn, to: year.endsOn };
    }
    case 'this-academic-year': {
      const year = academicYearOn(years, today);
      return { from: year.startsOn, to: year.endsOn };
    }
  }
}

export function dayRangeOf(filter: DateFilter, today: string, years: readonly CalendarYear[]): DayRange {
  switch (filter.kind) {
    case 'any':
      return { from: null, to: null };
    case 'quick':
      return quickRangeDays(filter.range, today, years);
    case 'between':
      return { from: filter.from, to: filter.to };
  }
}

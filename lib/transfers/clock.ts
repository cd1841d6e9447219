/**
 * The statutory clock of a transfer: Keeping Children Safe in Education asks
 * for the child protection file within 5 school days of an in-year move, or
 * of the start of a new term when the pupil leaves between terms. School days
 * are counted on the SENDING school's calendar (Admin → Calendar): a weekday
 * inside one of its terms and not a closure day.
 *
 * In term, day 0 is the leaving date and the deadline is the 5th school day
 * after it. Between terms (or after the last term of a year), the first school
 * day of the next term is day 1 and the deadline is the 5th school day
 * counting it. Pure module.
 */
import { academicYearOn, isClosureDay, type CalendarYear } from '@/lib/calendar/rule';

export const STATUTORY_SCHOOL_DAYS = 5;
/** Days before the deadline from which a clock shows amber. */
export const DUE_SOON_DAYS = 2;

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function inTerm(years: readonly CalendarYear[], day: string): boolean {
  const year = academicYearOn(years, day);
  return year.terms.some((t) => t.startsOn <= day && day <= t.endsOn);
}

/** A weekday in a term of its year that is not a closure day. */
export function isSchoolDay(years: readonly CalendarYear[], day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  const year = academicYearOn(years, day);
  return year.terms.some((t) => t.startsOn <= day && day <= t.endsOn) && !isClosureDay(year, day);
}

/** The deadline of a transfer whose pupil left on `leavingDate`, on the sending school's years. */
export function transferDueOn(years: readonly CalendarYear[], leavingDate: string): string {
  let day = leavingDate;
  // Between terms: the count starts from the next term's first school day (which is day 1).
  if (!inTerm(years, leavingDate)) {
    let guard = 0;
    while (!isSchoolDay(years, day) && guard++ < 400) day = addDays(day, 1);
    day = addDays(day, -1);
  }
  let counted = 0;
  let guard = 0;
  while (counted < STATUTORY_SCHOOL_DAYS && guard++ < 800) {
    day = addDays(day, 1);
    if (isSchoolDay(years, day)) counted++;
  }
  return day;
}

export type ClockState = 'done' | 'on_time' | 'due_soon' | 'overdue';

/** How a transfer's clock shows on `today`: finished ones are done; amber within DUE_SOON_DAYS; red past due. */
export function clockState(dueOn: string, today: string, finished: boolean): ClockState {
  if (finished) return 'done';
  if (today > dueOn) return 'overdue';
  if (addDays(today, DUE_SOON_DAYS) >= dueOn) return 'due_soon';
  return 'on_time';
}

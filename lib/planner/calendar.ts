/**
 * The planner's calendar arithmetic on school-local days ("YYYY-MM-DD"):
 * which weeks a month view shows (Monday first, as school weeks are), the
 * previous and next month or day, and which events fall on a day. Pure.
 */
import { addDays, isValidIsoDate, weekdayIndex } from '@/lib/attendance/dates';

export type PlannerView = 'month' | 'day';

/** The day the page is about: the one asked for if it is a real day, else today. */
export function plannerDay(asked: string | undefined, today: string): string {
  return asked && isValidIsoDate(asked) ? asked : today;
}

export function monthOf(day: string): { first: string; last: string } {
  const first = `${day.slice(0, 7)}-01`;
  const next = addDays(first, 32).slice(0, 7);
  return { first, last: addDays(`${next}-01`, -1) };
}

/** Whole weeks, Monday to Sunday, covering the month of `day`. */
export function monthWeeks(day: string): string[][] {
  const { first, last } = monthOf(day);
  let cursor = addDays(first, -weekdayIndex(first));
  const weeks: string[][] = [];
  while (cursor <= last) {
    weeks.push(Array.from({ length: 7 }, (_, i) => addDays(cursor, i)));
    cursor = addDays(cursor, 7);
  }
  return weeks;
}

/** The same day of the month before or after (the last day when it has fewer days). */
export function shiftMonth(day: string, by: 1 | -1): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7)) - 1 + by;
  const target = new Date(Date.UTC(y, m, 1, 12));
  const month = target.toISOString().slice(0, 7);
  const { last } = monthOf(`${month}-01`);
  const wanted = `${month}-${day.slice(8, 10)}`;
  return isValidIsoDate(wanted) && wanted <= last ? wanted : last;
}

export function shiftDay(day: string, by: number): string {
  return addDays(day, by);
}

export function onDay<T extends { firstDay: string; lastDay: string }>(events: readonly T[], day: string): T[] {
  return events.filter((e) => e.firstDay <= day && e.lastDay >= day);
}

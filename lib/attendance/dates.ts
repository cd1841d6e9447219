/**
 * Calendar dates as `YYYY-MM-DD` strings, the way the database stores marks
 * and birthdays. Arithmetic happens at noon UTC so no time zone or daylight
 * saving change can move a date. "Today" is the school's own day
 * (dateInZone in lib/time/school-date.ts), worked out by the caller, and
 * "this academic year" is the school's calendar's (lib/calendar/rule.ts).
 *
 * Pure module.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function toUtcNoon(date: string): Date {
  const m = ISO_DATE.exec(date);
  if (!m) throw new Error(`not a YYYY-MM-DD date: ${date}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12));
}

function fromUtc(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const d = toUtcNoon(date);
  d.setUTCDate(d.getUTCDate() + days);
  return fromUtc(d);
}

/** 0 = Monday … 6 = Sunday (school weeks start on Monday). */
export function weekdayIndex(date: string): number {
  return (toUtcNoon(date).getUTCDay() + 6) % 7;
}

export function isValidIsoDate(date: string): boolean {
  if (!ISO_DATE.test(date)) return false;
  return fromUtc(toUtcNoon(date)) === date;
}

/** Whole years from `dateOfBirth` to `today`; a 29 February birthday comes round on 1 March in other years. */
export function ageOn(dateOfBirth: string, today: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  let age = ty - by;
  if (tm < bm || (tm === bm && td < bd)) age -= 1;
  return age;
}

/**
 * Calendar arithmetic on plain `YYYY-MM-DD` dates, as whole days since
 * 1970-01-01 (UTC). The generator never looks at the clock or the local time
 * zone, so a bundle is the same wherever and whenever it is generated.
 */

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of a `YYYY-MM-DD` date; throws on anything else, so a bad `today` fails loudly. */
export function toDay(iso: string): number {
  const m = ISO_DATE.exec(iso);
  if (!m) throw new Error(`Expected a date as YYYY-MM-DD, got "${iso}"`);
  const day = dayOf(Number(m[1]), Number(m[2]), Number(m[3]));
  if (toIso(day) !== iso) throw new Error(`Not a calendar date: "${iso}"`);
  return day;
}

/** Day number of a calendar date (month 1–12). */
export function dayOf(year: number, month: number, dayOfMonth: number): number {
  return Date.UTC(year, month - 1, dayOfMonth) / MS_PER_DAY;
}

export function toIso(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isWeekend(day: number): boolean {
  const w = weekday(day);
  return w === 0 || w === 6;
}

export function yearOf(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

export function monthOf(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCMonth() + 1;
}

/** The first day on or after `day` that falls on `wd` (0 = Sunday). */
export function onOrAfter(day: number, wd: number): number {
  return day + ((wd - weekday(day) + 7) % 7);
}

/** The last day on or before `day` that falls on `wd`. */
export function onOrBefore(day: number, wd: number): number {
  return day - ((weekday(day) - wd + 7) % 7);
}

/** The same calendar date `years` earlier (29 February becomes 28 February). */
export function yearsBefore(day: number, years: number): number {
  const d = new Date(day * MS_PER_DAY);
  const y = d.getUTCFullYear() - years;
  const m = d.getUTCMonth() + 1;
  const dom = Math.min(d.getUTCDate(), m === 2 && !isLeapYear(y) ? 28 : 31);
  return dayOf(y, m, dom);
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/**
 * The English school year a day belongs to, named by the calendar year it starts
 * in: 1 September 2025 … 31 August 2026 is school year 2025.
 */
export function schoolYearOf(day: number): number {
  const y = yearOf(day);
  return monthOf(day) >= 9 ? y : y - 1;
}

/** Easter Sunday (anonymous Gregorian algorithm), which moves the spring holiday and two bank holidays. */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const dom = ((h + l - 7 * m + 114) % 31) + 1;
  return dayOf(year, month, dom);
}

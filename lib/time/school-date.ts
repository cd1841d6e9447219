/**
 * Calendar dates and wall-clock times as the school sees them. "Today" flips
 * at midnight in the school's IANA time zone, not UTC and not the server's
 * zone; a day there can be 23 or 25 hours long, or (where clocks move at
 * midnight) start at 01:00. This is the one module that turns instants into
 * the school's dates and back: every "today", every day boundary and every
 * datetime-local value goes through it.
 *
 * Only Intl is used (Node ships the full time-zone database with ICU). Dates
 * are built from the formatter's parts, never from a locale's pattern, so the
 * answer does not depend on how a locale happens to write dates.
 *
 * Pure module: safe anywhere, the browser included.
 */

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone (building one is far slower than using it). Throws RangeError for an unknown zone. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock in `timeZone` at an instant. */
function wallClock(timeZone: string, at: Date | number): WallClock {
  const out: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of formatterFor(timeZone).formatToParts(at)) {
    if (p.type in out) out[p.type as keyof WallClock] = Number(p.value);
  }
  return out;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** YYYY-MM-DD of an instant in a time zone: with `at` left out, today there. */
export function dateInZone(timeZone: string, at: Date = new Date()): string {
  const w = wallClock(timeZone, at);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** The offset (ms) of a time zone from UTC at an instant: local wall-clock time minus UTC. */
function offsetAt(timeZone: string, at: Date): number {
  const w = wallClock(timeZone, at);
  const wall = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/** An instant as the school's wall-clock time, in the datetime-local shape ("2026-03-29T01:30"). */
export function instantToZonedWallTime(timeZone: string, at: Date): string {
  return new Date(at.getTime() + offsetAt(timeZone, at)).toISOString().slice(0, 16);
}

/**
 * A wall-clock time in the school's time zone ("2026-03-29T01:30", what a
 * datetime-local field sends) as an instant. A time skipped by the clocks
 * going forward lands an hour later; a repeated one takes its first occurrence.
 * Null when the text is not a valid date and time.
 */
export function zonedWallTimeToInstant(timeZone: string, wall: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(wall);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  const check = new Date(asUtc);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59)
    return null;
  // The offsets in force a day either side; the earliest candidate whose wall time reads back
  // the same wins. None reads back in the hour the clocks skip: the earlier offset applies.
  const before = offsetAt(timeZone, new Date(asUtc - 86_400_000));
  const after = offsetAt(timeZone, new Date(asUtc + 86_400_000));
  const candidates = [...new Set([before, after])].map((off) => asUtc - off).sort((a, b) => a - b);
  const exact = candidates.find((c) => instantToZonedWallTime(timeZone, new Date(c)) === wall);
  return new Date(exact ?? asUtc - before);
}

/**
 * The next instant after `now` at which the school's date changes: its next
 * midnight, or whenever its next day starts where the clocks move at midnight.
 */
export function endOfSchoolDay(now: Date, timeZone: string): Date {
  const start = now.getTime();
  if (!Number.isFinite(start)) throw new RangeError('endOfSchoolDay needs a valid date.');
  const today = dateInZone(timeZone, now);
  const dayAt = (ms: number) => dateInZone(timeZone, new Date(ms));

  // The next change of date lies within 48 hours in every zone (offsets span
  // -12 h … +14 h and a day is at most 25 h), even where a whole day was skipped.
  let before = start;
  let after = start + 48 * 3_600_000;
  if (dayAt(after) <= today) throw new RangeError(`Could not find the end of the day in ${timeZone}.`);

  // Binary search to the millisecond for the first instant of a later date
  // (YYYY-MM-DD strings compare as dates). Searching, rather than adding an
  // offset, also gets right the zones whose day starts at 01:00 (America/Santiago).
  while (after - before > 1) {
    const mid = before + Math.floor((after - before) / 2);
    if (dayAt(mid) > today) after = mid;
    else before = mid;
  }
  return new Date(after);
}

/** "14 Mar 2025" for a YYYY-MM-DD day, whatever the server's own zone. */
export function formatSchoolDay(day: string): string {
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

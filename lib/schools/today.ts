/** Calendar dates as the school sees them: "today" flips at midnight in the school's time zone, not UTC. */

/** YYYY-MM-DD of an instant in a time zone. */
export function dateInZone(timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export function schoolToday(school: { timeZone: string }, now = new Date()): string {
  return dateInZone(school.timeZone, now);
}

/** The offset (ms) of a time zone from UTC at an instant: local wall-clock time minus UTC. */
function offsetAt(timeZone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return wall - Math.floor(at.getTime() / 1000) * 1000;
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
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59) return null;
  // The offsets in force a day either side; the earliest candidate whose wall time reads back
  // the same wins. None reads back in the hour the clocks skip: the earlier offset applies.
  const before = offsetAt(timeZone, new Date(asUtc - 86_400_000));
  const after = offsetAt(timeZone, new Date(asUtc + 86_400_000));
  const candidates = [...new Set([before, after])].map((off) => asUtc - off).sort((a, b) => a - b);
  const exact = candidates.find((c) => instantToZonedWallTime(timeZone, new Date(c)) === wall);
  return new Date(exact ?? asUtc - before);
}

/** An instant as the school's wall-clock time, in the datetime-local shape. */
export function instantToZonedWallTime(timeZone: string, at: Date): string {
  return new Date(at.getTime() + offsetAt(timeZone, at)).toISOString().slice(0, 16);
}

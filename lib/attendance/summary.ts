/**
 * Attendance figures from marks. What a code means comes only from
 * ./codes.ts (including the codes used before August 2024, read with
 * their meaning of the time); this module only counts.
 *
 * - Possible sessions: every mark except the "not counted" ones (X, Y1–Y7, Z,
 *   #, D, Q, and the legacy Y).
 * - Attendance %: present and approved educational activity over possible.
 * - Authorised and unauthorised absence: sessions, and their share of possible.
 *
 * A code the table does not know on its date (the importer refuses those, so
 * only a hand-edited database has one) is counted as unknown and left out of
 * every figure rather than guessed.
 *
 * Pure module.
 */
import { countsAsAttending, countsAsPossibleSession, lookupAttendanceCode, type AttendanceCategory } from './codes';
import { addDays } from './dates';

export interface Mark {
  date: string;
  session: 'AM' | 'PM';
  code: string;
}

export interface AttendanceSummary {
  /** Sessions that count: the denominator. */
  possible: number;
  /** Present or at an approved educational activity: the numerator. */
  attending: number;
  authorised: number;
  unauthorised: number;
  notCounted: number;
  unknown: number;
  /** Attendance % (0–100), null when there is no possible session. */
  percentage: number | null;
  authorisedPercentage: number | null;
  unauthorisedPercentage: number | null;
}

export type MarkCategory = AttendanceCategory | 'unknown';

export function markCategory(mark: Pick<Mark, 'code' | 'date'>): MarkCategory {
  return lookupAttendanceCode(mark.code, mark.date)?.category ?? 'unknown';
}

const share = (part: number, whole: number): number | null => (whole === 0 ? null : (part / whole) * 100);

/** Counts marks dated from `from` to `to` inclusive (both optional). */
export function summariseAttendance(
  marks: readonly Mark[],
  range: { from?: string; to?: string } = {},
): AttendanceSummary {
  let possible = 0;
  let attending = 0;
  let authorised = 0;
  let unauthorised = 0;
  let notCounted = 0;
  let unknown = 0;
  for (const mark of marks) {
    if (range.from && mark.date < range.from) continue;
    if (range.to && mark.date > range.to) continue;
    const category = markCategory(mark);
    if (category === 'unknown') {
      unknown += 1;
      continue;
    }
    if (!countsAsPossibleSession(category)) {
      notCounted += 1;
      continue;
    }
    possible += 1;
    if (countsAsAttending(category)) attending += 1;
    else if (category === 'authorised') authorised += 1;
    else if (category === 'unauthorised') unauthorised += 1;
  }
  return {
    possible,
    attending,
    authorised,
    unauthorised,
    notCounted,
    unknown,
    percentage: share(attending, possible),
    authorisedPercentage: share(authorised, possible),
    unauthorisedPercentage: share(unauthorised, possible),
  };
}

export interface TrendPoint {
  /** The window: the last `days` calendar days up to and including today. */
  days: number;
  from: string;
  summary: AttendanceSummary;
  /**
   * Percentage points against the comparison figure (this year's %): positive
   * when attendance in the window is better. Null when either is unknown.
   */
  change: number | null;
}

/**
 * Attendance over each of the school's trend windows (settings
 * attendanceTrendDays, e.g. 7, 28 and 90 days), shortest first, each compared
 * with `baseline` (normally this school year's percentage).
 */
export function attendanceTrend(
  marks: readonly Mark[],
  today: string,
  windows: readonly number[],
  baseline: number | null,
): TrendPoint[] {
  return [...new Set(windows)]
    .filter((d) => Number.isInteger(d) && d > 0)
    .sort((a, b) => a - b)
    .map((days) => {
      const from = addDays(today, -(days - 1));
      const summary = summariseAttendance(marks, { from, to: today });
      const change = summary.percentage === null || baseline === null ? null : summary.percentage - baseline;
      return { days, from, summary, change };
    });
}

/** "94.7%": one decimal place, the way schools quote attendance; "—" when there is nothing to count. */
export function formatPercentage(value: number | null): string {
  if (value === null) return '—';
  return `${(Math.round(value * 10) / 10).toFixed(1)}%`;
}

/**
 * Reporting → Attendance's figures shaped for reading: a row per class (its
 * pupils, its attendance and how far it is from the average of every pupil
 * counted), the bar chart of the same rows with the average as its first bar,
 * and a class's pupils from highest attendance to lowest.
 *
 * Pure module.
 */
import { percentOf, type AttendanceTally } from './attendance-tally';
import type { ChartSpec } from './chart-data';

export interface AttendanceClassRow {
  /** The class's name as the MIS gives it; null for pupils without one. */
  key: string | null;
  label: string;
  pupils: number;
  possible: number;
  percentage: number | null;
  /** Percentage points above (positive) or below the average; null without sessions. */
  difference: number | null;
}

export interface AttendanceAverage {
  pupils: number;
  possible: number;
  percentage: number | null;
}

const byName = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });

/** One decimal place, without binary leftovers (94.1 − 93.2 is 0.9, not 0.8999…). */
const points = (a: number, b: number) => Math.round((a - b) * 10) / 10;

/** The average of every pupil counted, and a row per class, classes by name and pupils without one last. */
export function classRows(
  tallies: ReadonlyMap<string | null, AttendanceTally>,
  pupils: readonly { key: string | null; count: number }[],
  noClass: string,
): { average: AttendanceAverage; rows: AttendanceClassRow[] } {
  let possible = 0;
  let attending = 0;
  for (const t of tallies.values()) {
    possible += t.possible;
    attending += t.attending;
  }
  const average: AttendanceAverage = {
    pupils: pupils.reduce((n, p) => n + p.count, 0),
    possible,
    percentage: percentOf(attending, possible),
  };
  const keys = new Set<string | null>([...pupils.map((p) => p.key), ...tallies.keys()]);
  const rows = [...keys]
    .map((key): AttendanceClassRow => {
      const t = tallies.get(key);
      const percentage = t ? percentOf(t.attending, t.possible) : null;
      return {
        key,
        label: key ?? noClass,
        pupils: pupils.find((p) => p.key === key)?.count ?? 0,
        possible: t?.possible ?? 0,
        percentage,
        difference: percentage === null || average.percentage === null ? null : points(percentage, average.percentage),
      };
    })
    .sort((a, b) =>
      (a.key === null) !== (b.key === null) ? (a.key === null ? 1 : -1) : byName.compare(a.label, b.label),
    );
  return { average, rows };
}

/**
 * Where the axis starts: at 0 unless every bar is high, then at the ten
 * below the lowest bar less five, so 91% and 95% look different; never
 * above 80 (a few points still look like a few points).
 */
export function axisStart(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const start = Math.floor((Math.min(...values) - 5) / 10) * 10;
  return Math.max(0, Math.min(80, start));
}

export const AVERAGE_COLOUR = '#475569';
export const AT_OR_ABOVE_COLOUR = '#3b7ea1';
export const BELOW_COLOUR = '#d08c3e';

/**
 * A bar per class with the average as the first bar (grey), classes at or
 * above it in blue and below it in orange: colours that stay apart for the
 * common colour-vision deficiencies, and the table under the chart says the
 * same in words.
 */
export function attendanceChart(
  average: AttendanceAverage,
  rows: readonly AttendanceClassRow[],
  averageLabel: string,
): ChartSpec {
  const drawn = rows.filter((r) => r.percentage !== null);
  const avg = average.percentage ?? 0;
  const min = axisStart([avg, ...drawn.map((r) => r.percentage!)]);
  return {
    kind: 'bar',
    unit: 'percent',
    stacked: false,
    max: 100,
    ...(min > 0 ? { min } : {}),
    noun: 'possible sessions',
    labels: [averageLabel, ...drawn.map((r) => r.label)],
    series: [
      {
        label: 'Attendance',
        colours: [AVERAGE_COLOUR, ...drawn.map((r) => (r.percentage! >= avg ? AT_OR_ABOVE_COLOUR : BELOW_COLOUR))],
        values: [avg, ...drawn.map((r) => r.percentage!)],
        counts: [average.possible, ...drawn.map((r) => r.possible)],
      },
    ],
  };
}

export interface RankedPupil<P> {
  pupil: P;
  possible: number;
  percentage: number | null;
}

/** Highest attendance first; pupils without a mark last; ties by name, so the order does not change between loads. */
export function rankPupils<P extends { id: string; name: string }>(
  pupils: readonly P[],
  tallies: ReadonlyMap<string | null, AttendanceTally>,
): RankedPupil<P>[] {
  return pupils
    .map((pupil) => {
      const t = tallies.get(pupil.id);
      return { pupil, possible: t?.possible ?? 0, percentage: t ? percentOf(t.attending, t.possible) : null };
    })
    .sort((a, b) => {
      if ((a.percentage === null) !== (b.percentage === null)) return a.percentage === null ? 1 : -1;
      return (
        (b.percentage ?? 0) - (a.percentage ?? 0) ||
        byName.compare(a.pupil.name, b.pupil.name) ||
        (a.pupil.id < b.pupil.id ? -1 : 1)
      );
    });
}

/**
 * The Graphs and Overview pages' figures shaped for reading: groups in the
 * order people expect, words for stored codes, months of the year with none
 * missing, attendance as shares of possible sessions, and the pupils with the
 * highest and lowest attendance.
 *
 * Pure module.
 */
import { addDays } from '@/lib/attendance/dates';
import { SEN_CODES, SEN_LABELS } from '@/lib/students/sen';
import { percentOf, type AttendanceTally } from './attendance-tally';
import { CALM_PALETTE, shortMonth, type ChartSpec } from './chart-data';
import { groupLabel } from './summary-table';

const SEN_ORDER: readonly string[] = SEN_CODES;
const senLabel = (code: string): string => SEN_LABELS[code as keyof typeof SEN_LABELS] ?? code;
export const NOT_RECORDED = 'Not recorded';

const byName = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });

export interface Counted {
  key: string | null;
  label: string;
  count: number;
}

/** SEN in the DfE's order; other fields most first; "Not recorded" last. */
export function pupilGroups(
  field: 'sen' | 'ethnicity' | 'religion',
  rows: readonly { key: string | null; count: number }[],
): Counted[] {
  const labelled = rows.map((r) => ({
    key: r.key,
    count: r.count,
    label: r.key === null || r.key.trim() === '' ? NOT_RECORDED : field === 'sen' ? senLabel(r.key) : r.key,
  }));
  const rank = (c: Counted) => (field === 'sen' ? SEN_ORDER.indexOf(c.key ?? '') : 0);
  return labelled.sort((a, b) => {
    const aNone = a.label === NOT_RECORDED;
    if (aNone !== (b.label === NOT_RECORDED)) return aNone ? 1 : -1;
    return rank(a) - rank(b) || b.count - a.count || byName.compare(a.label, b.label);
  });
}

/** Each month from the first day's to the last's, "YYYY-MM". */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let month = from.slice(0, 7);
  const last = to.slice(0, 7);
  while (month <= last) {
    out.push(month);
    month = addDays(`${month}-28`, 7).slice(0, 7);
  }
  return out;
}

/** Every month of the range, with 0 where nothing was counted. */
export function everyMonth(
  counts: readonly { key: string | null; count: number }[],
  from: string,
  to: string,
): Counted[] {
  const byMonth = new Map(counts.map((c) => [c.key, c.count]));
  return monthsBetween(from, to).map((m) => ({
    key: m,
    label: groupLabel('month', m, null),
    count: byMonth.get(m) ?? 0,
  }));
}

/** The last day attendance can have been taken: today, or the year's end once it is over. */
export function attendanceDays(year: { startsOn: string; endsOn: string }, today: string) {
  return { from: year.startsOn, to: today < year.endsOn ? today : year.endsOn };
}

/** Authorised and unauthorised absence per class as shares of its possible sessions, classes by name. */
export function absencesByClass(tallies: ReadonlyMap<string | null, AttendanceTally>): ChartSpec {
  const classes = [...tallies.entries()]
    .filter(([, t]) => t.possible > 0)
    .map(([key, t]) => ({ label: key ?? 'No tutor group', t, none: key === null }))
    .sort((a, b) => (a.none !== b.none ? (a.none ? 1 : -1) : byName.compare(a.label, b.label)));
  const series = (label: string, colour: string, pick: (t: AttendanceTally) => number) => ({
    label,
    colours: classes.map(() => colour),
    values: classes.map((c) => percentOf(pick(c.t), c.t.possible) ?? 0),
    counts: classes.map((c) => pick(c.t)),
  });
  return {
    kind: 'column',
    unit: 'percent',
    stacked: true,
    labels: classes.map((c) => c.label),
    noun: 'sessions',
    series: [
      series('Authorised absence', CALM_PALETTE[0], (t) => t.authorised),
      series('Unauthorised absence', CALM_PALETTE[1], (t) => t.unauthorised),
    ],
  };
}

/** Unauthorised absence per month as a share of the month's possible sessions. */
export function unauthorisedByMonth(
  tallies: ReadonlyMap<string | null, AttendanceTally>,
  from: string,
  to: string,
): ChartSpec {
  const months = monthsBetween(from, to).filter((m) => (tallies.get(m)?.possible ?? 0) > 0);
  return {
    kind: 'column',
    unit: 'percent',
    stacked: false,
    labels: months.map((m) => groupLabel('month', m, null)),
    axisLabels: months.map(shortMonth),
    noun: 'sessions',
    series: [
      {
        label: 'Unauthorised absence',
        colours: months.map(() => CALM_PALETTE[1]),
        values: months.map((m) => percentOf(tallies.get(m)!.unauthorised, tallies.get(m)!.possible) ?? 0),
        counts: months.map((m) => tallies.get(m)!.unauthorised),
      },
    ],
  };
}

export interface Attendee {
  id: string;
  percentage: number;
  possible: number;
}

/**
 * The pupils with the highest and the lowest attendance, `n` of each (fewer
 * when the school has fewer than 2n pupils with marks, so nobody is in both);
 * ties go by id so the lists do not change between two loads.
 */
export function highestAndLowest(tallies: ReadonlyMap<string | null, AttendanceTally>, n: number) {
  const ranked: Attendee[] = [...tallies.entries()]
    .filter((e): e is [string, AttendanceTally] => e[0] !== null && e[1].possible > 0)
    .map(([id, t]) => ({ id, percentage: percentOf(t.attending, t.possible)!, possible: t.possible }))
    .sort((a, b) => b.percentage - a.percentage || (a.id < b.id ? -1 : 1));
  const each = Math.min(n, Math.floor(ranked.length / 2));
  return { highest: ranked.slice(0, each), lowest: ranked.slice(ranked.length - each).reverse() };
}

/**
 * The Graphs and Overview pages' shaping: attendance added up from counts per
 * code (a code read with its meaning on its day), pupils' MIS values in the
 * order people read them, every month of the year, absence shares per class,
 * and the highest and lowest attendees.
 */
import { describe, expect, it } from 'vitest';
import { tallyAttendance } from '@/lib/reports/attendance-tally';
import {
  absencesByClass,
  attendanceDays,
  everyMonth,
  highestAndLowest,
  monthsBetween,
  pupilGroups,
} from '@/lib/reports/graph-shapes';

describe('attendance from counts per code', () => {
  it('present and approved activity over possible sessions; not counted and unknown codes left out', () => {
    const t = tallyAttendance([
      { key: '7A', code: '/', firstDay: '2026-09-01', sessions: 6 },
      { key: '7A', code: 'I', firstDay: '2026-09-02', sessions: 2 },
      { key: '7A', code: 'O', firstDay: '2026-09-02', sessions: 1 },
      { key: '7A', code: 'X', firstDay: '2026-09-02', sessions: 4 },
      { key: '7A', code: '?', firstDay: '2026-09-02', sessions: 9 },
    ]);
    expect(t.get('7A')).toEqual({ possible: 9, attending: 6, authorised: 2, unauthorised: 1 });
  });

  it('a code from before August 2024 keeps the meaning it had then', () => {
    const t = tallyAttendance([
      { key: null, code: 'H', firstDay: '2024-06-03', sessions: 2 },
      // After the change H is no code at all: unknown, left out.
      { key: null, code: 'H', firstDay: '2024-09-03', sessions: 5 },
    ]);
    expect(t.get(null)).toEqual({ possible: 2, attending: 0, authorised: 2, unauthorised: 0 });
  });
});

describe('shaping', () => {
  it('SEN in the DfE’s order, other values most first, "Not recorded" last', () => {
    expect(
      pupilGroups('sen', [
        { key: 'E', count: 1 },
        { key: null, count: 5 },
        { key: 'N', count: 3 },
        { key: 'K', count: 4 },
      ]).map((g) => [g.label, g.count]),
    ).toEqual([
      ['No special educational needs', 3],
      ['SEN support', 4],
      ['Education, health and care plan', 1],
      ['Not recorded', 5],
    ]);
    expect(
      pupilGroups('religion', [
        { key: '', count: 9 },
        { key: 'Hindu', count: 1 },
        { key: 'Christian', count: 4 },
        { key: 'Buddhist', count: 1 },
      ]).map((g) => g.label),
    ).toEqual(['Christian', 'Buddhist', 'Hindu', 'Not recorded']);
  });

  it('every month of the year, across the new year, with none missing', () => {
    expect(monthsBetween('2026-09-01', '2027-08-31')).toHaveLength(12);
    expect(monthsBetween('2026-11-15', '2027-01-02')).toEqual(['2026-11', '2026-12', '2027-01']);
    expect(
      everyMonth([{ key: '2026-12', count: 4 }], '2026-11-01', '2027-01-31').map((m) => [m.label, m.count]),
    ).toEqual([
      ['November 2026', 0],
      ['December 2026', 4],
      ['January 2027', 0],
    ]);
  });

  it('attendance is counted up to today, or to the year’s end once it is over', () => {
    const year = { startsOn: '2026-09-01', endsOn: '2027-08-31' };
    expect(attendanceDays(year, '2026-12-03')).toEqual({ from: '2026-09-01', to: '2026-12-03' });
    expect(attendanceDays(year, '2027-09-02')).toEqual({ from: '2026-09-01', to: '2027-08-31' });
  });

  it('absences per class as shares of its possible sessions, classes by name, no group last', () => {
    const spec = absencesByClass(
      new Map([
        ['10B', { possible: 10, attending: 8, authorised: 1, unauthorised: 1 }],
        [null, { possible: 4, attending: 4, authorised: 0, unauthorised: 0 }],
        ['7A', { possible: 3, attending: 2, authorised: 0, unauthorised: 1 }],
        ['8C', { possible: 0, attending: 0, authorised: 0, unauthorised: 0 }],
      ]),
    );
    expect(spec.labels).toEqual(['7A', '10B', 'No tutor group']);
    expect(spec.series.map((s) => [s.label, ...s.values])).toEqual([
      ['Authorised absence', 0, 10, 0],
      ['Unauthorised absence', 33.3, 10, 0],
    ]);
    expect(spec.max).toBeUndefined();
  });

  it('highest and lowest attendees: nobody in both, ties in a stable order', () => {
    const t = (attending: number) => ({ possible: 10, attending, authorised: 0, unauthorised: 10 - attending });
    const tallies = new Map([
      ['b', t(9)],
      ['a', t(9)],
      ['c', t(5)],
      [null, t(1)],
      ['d', { possible: 0, attending: 0, authorised: 0, unauthorised: 0 }],
    ]);
    expect(highestAndLowest(tallies, 5)).toEqual({
      highest: [{ id: 'a', percentage: 90, possible: 10 }],
      lowest: [{ id: 'c', percentage: 50, possible: 10 }],
    });
    const many = new Map(Array.from({ length: 12 }, (_, i) => [`p${String(i).padStart(2, '0')}`, t(i % 11)]));
    const { highest, lowest } = highestAndLowest(many, 5);
    expect(highest.map((p) => p.percentage)).toEqual([100, 90, 80, 70, 60]);
    expect(lowest.map((p) => p.percentage)).toEqual([0, 0, 10, 20, 30]);
  });
});

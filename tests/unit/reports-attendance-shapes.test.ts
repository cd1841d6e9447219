import { describe, expect, it } from 'vitest';
import { attendanceChart, axisStart, classRows, rankPupils } from '@/lib/reports/attendance-shapes';

const t = (possible: number, attending: number) => ({ possible, attending, authorised: 0, unauthorised: 0 });

describe('attendance by class', () => {
  it('the average is of every pupil counted; each class against it in points; no class last', () => {
    const { average, rows } = classRows(
      new Map([
        ['8A', t(6, 5)],
        ['7A', t(2, 1)],
        [null, t(2, 2)],
      ]),
      [
        { key: '7A', count: 2 },
        { key: '8A', count: 2 },
        { key: '10B', count: 1 },
        { key: null, count: 1 },
      ],
      'No tutor group',
    );
    expect(average).toEqual({ pupils: 6, possible: 10, percentage: 80 });
    expect(rows.map((r) => [r.label, r.pupils, r.percentage, r.difference])).toEqual([
      ['7A', 2, 50, -30],
      ['8A', 2, 83.3, 3.3],
      ['10B', 1, null, null],
      ['No tutor group', 1, 100, 20],
    ]);
    const chart = attendanceChart(average, rows, 'Average');
    // A class without marks has no bar; the average is the first.
    expect(chart.labels).toEqual(['Average', '7A', '8A', 'No tutor group']);
    expect(chart.series[0]!.values).toEqual([80, 50, 83.3, 100]);
    expect(chart.min).toBe(40);
    expect(attendanceChart({ pupils: 1, possible: 2, percentage: 0 }, [], 'Average').min).toBeUndefined();
  });

  it('the axis starts below the lowest bar when all are high, never above 80', () => {
    expect(axisStart([93.7, 91.5, 95.2])).toBe(80);
    expect(axisStart([88, 97])).toBe(80);
    expect(axisStart([76, 97])).toBe(70);
    expect(axisStart([50, 97])).toBe(40);
    expect(axisStart([3])).toBe(0);
    expect(axisStart([])).toBe(0);
  });

  it('ranks pupils highest first, pupils without marks last, ties by name', () => {
    const pupils = [
      { id: 'a', name: 'Zoe' },
      { id: 'b', name: 'Amy' },
      { id: 'c', name: 'Ben' },
      { id: 'd', name: 'Cat' },
    ];
    const ranked = rankPupils(
      pupils,
      new Map([
        ['a', t(4, 4)],
        ['b', t(2, 2)],
        ['c', t(2, 1)],
      ]),
    );
    expect(ranked.map((r) => [r.pupil.name, r.percentage])).toEqual([
      ['Amy', 100],
      ['Zoe', 100],
      ['Ben', 50],
      ['Cat', null],
    ]);
  });
});

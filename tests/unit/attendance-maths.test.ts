import { describe, expect, it } from 'vitest';
import {
  addDays,
  ageOn,
  attendanceTrend,
  buildAttendanceCalendar,
  codesInCalendar,
  formatPercentage,
  isValidIsoDate,
  summariseAttendance,
  weekdayIndex,
  type Mark,
} from '@/lib/attendance';
import { academicYearOn } from '@/lib/calendar/rule';
import { dateInZone } from '@/lib/time/school-date';

const m = (date: string, session: 'AM' | 'PM', code: string): Mark => ({ date, session, code });

describe('dates', () => {
  it('adds days across months, years and a leap day', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-29', 1)).toBe('2024-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2025-03-30', -30)).toBe('2025-02-28');
  });

  it('weeks start on Monday', () => {
    expect(weekdayIndex('2025-09-01')).toBe(0); // Monday
    expect(weekdayIndex('2025-09-07')).toBe(6); // Sunday
  });

  it('without a calendar the school year starts on 1 September (the England default)', () => {
    expect(academicYearOn([], '2025-09-01').startsOn).toBe('2025-09-01');
    expect(academicYearOn([], '2025-08-31').startsOn).toBe('2024-09-01');
    expect(academicYearOn([], '2026-03-10').startsOn).toBe('2025-09-01');
  });

  it("today is the school's day, not the server's", () => {
    // 23:30 UTC on 31 August is already 1 September in London (BST), a new school year.
    const instant = new Date('2025-08-31T23:30:00Z');
    expect(dateInZone('Europe/London', instant)).toBe('2025-09-01');
    expect(dateInZone('UTC', instant)).toBe('2025-08-31');
    expect(academicYearOn([], dateInZone('Europe/London', instant)).startsOn).toBe('2025-09-01');
  });

  it('age counts whole years, turning on the birthday', () => {
    expect(ageOn('2013-03-14', '2025-03-13')).toBe(11);
    expect(ageOn('2013-03-14', '2025-03-14')).toBe(12);
    expect(ageOn('2012-02-29', '2025-02-28')).toBe(12);
    expect(ageOn('2012-02-29', '2025-03-01')).toBe(13);
    expect(ageOn('2012-02-29', '2024-02-29')).toBe(12);
  });

  it('validates real dates only', () => {
    expect(isValidIsoDate('2025-02-28')).toBe(true);
    expect(isValidIsoDate('2025-02-29')).toBe(false);
    expect(isValidIsoDate('2025-2-28')).toBe(false);
  });
});

describe('attendance figures', () => {
  const marks: Mark[] = [
    m('2025-09-01', 'AM', '/'),
    m('2025-09-01', 'PM', '\\'),
    m('2025-09-02', 'AM', 'L'), // late before close: present
    m('2025-09-02', 'PM', 'V'), // trip: approved activity, attending
    m('2025-09-03', 'AM', 'I'), // illness: authorised
    m('2025-09-03', 'PM', 'M'),
    m('2025-09-04', 'AM', 'O'), // unauthorised
    m('2025-09-04', 'PM', 'u'), // lower case is the same code: unauthorised
    m('2025-09-05', 'AM', '#'), // closure: not counted
    m('2025-09-05', 'PM', 'Y1'),
  ];

  it('counts attending over possible sessions, leaving not-counted marks out', () => {
    const s = summariseAttendance(marks);
    expect(s).toMatchObject({ possible: 8, attending: 4, authorised: 2, unauthorised: 2, notCounted: 2, unknown: 0 });
    expect(s.percentage).toBe(50);
    expect(s.authorisedPercentage).toBe(25);
    expect(s.unauthorisedPercentage).toBe(25);
  });

  it('has no percentage when nothing counts', () => {
    const s = summariseAttendance([m('2025-09-05', 'AM', '#')]);
    expect(s.possible).toBe(0);
    expect(s.percentage).toBeNull();
    expect(formatPercentage(s.percentage)).toBe('—');
  });

  it('reads legacy codes with their meaning before 19 August 2024 and not after', () => {
    const before = summariseAttendance([
      m('2024-07-15', 'AM', 'H'),
      m('2024-07-15', 'PM', 'J'),
      m('2024-07-16', 'AM', 'Y'),
      m('2024-07-16', 'PM', 'F'),
    ]);
    // H and F authorised absence, J an interview (attending), Y enforced closure (not counted).
    expect(before).toMatchObject({
      possible: 3,
      attending: 1,
      authorised: 2,
      unauthorised: 0,
      notCounted: 1,
      unknown: 0,
    });
    const after = summariseAttendance([m('2024-09-02', 'AM', 'H'), m('2024-09-02', 'PM', '/')]);
    // H is no longer a code: left out of every figure rather than guessed.
    expect(after).toMatchObject({ possible: 1, attending: 1, unknown: 1 });
  });

  it('limits to a date range', () => {
    expect(summariseAttendance(marks, { from: '2025-09-03', to: '2025-09-04' })).toMatchObject({
      possible: 4,
      attending: 0,
    });
  });

  it('formats one decimal place', () => {
    expect(formatPercentage(94.6666)).toBe('94.7%');
    expect(formatPercentage(100)).toBe('100.0%');
  });

  it('draws the trend over each window, shortest first, against the year', () => {
    const year: Mark[] = [];
    // 20 school days present, then a bad last week (Mon 29 Sep – Fri 3 Oct): 2 sessions absent out of 10.
    for (let d = '2025-09-01'; d <= '2025-10-03'; d = addDays(d, 1)) {
      if (weekdayIndex(d) >= 5) continue;
      const bad = d >= '2025-09-29' && d === '2025-09-30';
      year.push(m(d, 'AM', bad ? 'N' : '/'), m(d, 'PM', bad ? 'O' : '\\'));
    }
    const yearSummary = summariseAttendance(year);
    const trend = attendanceTrend(year, '2025-10-03', [28, 7, 7, 0], yearSummary.percentage);
    expect(trend.map((t) => t.days)).toEqual([7, 28]);
    expect(trend[0]!.from).toBe('2025-09-27');
    expect(trend[0]!.summary).toMatchObject({ possible: 10, attending: 8 });
    expect(trend[0]!.change).toBeLessThan(0);
    expect(trend[1]!.from).toBe('2025-09-06');
  });
});

describe('the calendar', () => {
  it('lays out Monday-first school weeks with each session and its meaning', () => {
    const months = buildAttendanceCalendar(
      [m('2025-09-01', 'AM', '/'), m('2025-09-01', 'PM', 'N'), m('2025-09-03', 'AM', 'i'), m('2025-08-29', 'AM', '/')],
      '2025-09-01',
      '2025-10-02',
    );
    expect(months.map((x) => x.key)).toEqual(['2025-09', '2025-10']);
    const sept = months[0]!;
    expect(sept.columns).toBe(5);
    const firstWeek = sept.weeks[0]!;
    expect(firstWeek[0]).toMatchObject({
      date: '2025-09-01',
      am: { code: '/', category: 'present' },
      pm: { code: 'N', category: 'unauthorised' },
    });
    expect(firstWeek[2]?.am).toEqual({ code: 'I', category: 'authorised', description: 'Illness' });
    expect(firstWeek[1]).toMatchObject({ date: '2025-09-02', am: null, pm: null });
    // October 2025 starts on a Wednesday: Monday and Tuesday are blank; the range ends on Thursday 2nd.
    const oct = months[1]!;
    expect(oct.weeks).toHaveLength(1);
    expect(oct.weeks[0]!.map((d) => d?.date ?? null)).toEqual([null, null, '2025-10-01', '2025-10-02', null]);
  });

  it('shows weekends only in a month with a weekend mark, and lists the codes used', () => {
    const months = buildAttendanceCalendar(
      [m('2025-09-06', 'AM', 'V'), m('2025-09-08', 'AM', '/')],
      '2025-09-01',
      '2025-09-30',
    );
    expect(months[0]!.columns).toBe(7);
    expect(months[0]!.weeks[0]![5]).toMatchObject({
      date: '2025-09-06',
      am: { code: 'V', category: 'approved_activity' },
    });
    expect(codesInCalendar(months).map((c) => c.code)).toEqual(['/', 'V']);
  });

  it('describes a legacy code with its old meaning', () => {
    const months = buildAttendanceCalendar([m('2024-07-15', 'AM', 'H')], '2024-07-15', '2024-07-15');
    expect(months[0]!.weeks[0]![0]!.am).toEqual({
      code: 'H',
      category: 'authorised',
      description: 'Holiday agreed by the school (before August 2024)',
    });
  });
});

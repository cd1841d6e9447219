import { describe, expect, it } from 'vitest';
import type { CalendarYear } from '@/lib/calendar';
import { clockState, isSchoolDay, transferDueOn } from '@/lib/transfers/clock';

const year: CalendarYear = {
  id: 'y',
  name: '2026/27',
  startsOn: '2026-09-01',
  endsOn: '2027-07-23',
  terms: [
    { name: 'Autumn', startsOn: '2026-09-03', endsOn: '2026-12-18' },
    { name: 'Spring', startsOn: '2027-01-05', endsOn: '2027-03-26' },
    { name: 'Summer', startsOn: '2027-04-12', endsOn: '2027-07-23' },
  ],
  closures: [{ startsOn: '2026-10-26', endsOn: '2026-10-30', name: 'Half term' }],
};

describe('the statutory transfer clock', () => {
  it('counts 5 school days after an in-term leaving date, skipping the weekend', () => {
    // Wednesday 7 October 2026 → Thu, Fri, Mon, Tue, Wed.
    expect(transferDueOn([year], '2026-10-07')).toBe('2026-10-14');
  });

  it('skips closure days', () => {
    // Thursday 22 October: Fri 23, then half term 26–30, then Mon 2 … Thu 5 November.
    expect(transferDueOn([year], '2026-10-22')).toBe('2026-11-05');
    expect(isSchoolDay([year], '2026-10-27')).toBe(false);
  });

  it('counts from the first day of the next term when the pupil leaves between terms', () => {
    // Left in the Christmas holiday: Spring starts Tuesday 5 January (day 1) → Mon 11 January is day 5.
    expect(transferDueOn([year], '2026-12-22')).toBe('2027-01-11');
    // Left in the Easter holiday: Summer starts Monday 12 April → Friday 16 April.
    expect(transferDueOn([year], '2027-04-01')).toBe('2027-04-16');
  });

  it('uses the England default year when the school entered none', () => {
    // Default terms cover every day: Friday 4 December 2026 → Mon 7 … Fri 11.
    expect(transferDueOn([], '2026-12-04')).toBe('2026-12-11');
  });

  it('shows amber when due soon, red when overdue, and nothing once finished', () => {
    expect(clockState('2026-10-14', '2026-10-07', false)).toBe('on_time');
    expect(clockState('2026-10-14', '2026-10-12', false)).toBe('due_soon');
    expect(clockState('2026-10-14', '2026-10-15', false)).toBe('overdue');
    expect(clockState('2026-10-14', '2026-10-15', true)).toBe('done');
  });
});

/**
 * A reset link expires at the next local midnight in the school's zone.
 * 2025's clock changes in the UK: Sunday 30 March (01:00 GMT → 02:00 BST) and
 * Sunday 26 October (02:00 BST → 01:00 GMT).
 */
import { describe, expect, it } from 'vitest';
import { endOfSchoolDay } from '@/lib/time/school-date';

const at = (iso: string) => new Date(iso);
const end = (now: string, zone: string) => endOfSchoolDay(at(now), zone).toISOString();

describe('endOfSchoolDay in Europe/London', () => {
  const London = 'Europe/London';

  it.each([
    ['winter (GMT)', '2025-01-15T10:00:00.000Z', '2025-01-16T00:00:00.000Z'],
    ['winter, one millisecond before midnight', '2025-01-15T23:59:59.999Z', '2025-01-16T00:00:00.000Z'],
    ['winter, exactly at midnight: the next one', '2025-01-16T00:00:00.000Z', '2025-01-17T00:00:00.000Z'],
    ['summer (BST): midnight is 23:00 UTC', '2025-07-15T10:00:00.000Z', '2025-07-15T23:00:00.000Z'],
    ['summer, after midnight BST but before midnight UTC', '2025-07-15T23:30:00.000Z', '2025-07-16T23:00:00.000Z'],
    ['summer, 11:59 pm BST', '2025-07-15T22:59:00.000Z', '2025-07-15T23:00:00.000Z'],
  ])('%s', (_label, now, expected) => {
    expect(end(now, London)).toBe(expected);
  });

  it.each([
    ['Saturday before the spring change ends at GMT midnight', '2025-03-29T12:00:00.000Z', '2025-03-30T00:00:00.000Z'],
    ['the 23-hour Sunday, before the change', '2025-03-30T00:30:00.000Z', '2025-03-30T23:00:00.000Z'],
    ['the 23-hour Sunday, after the change', '2025-03-30T10:00:00.000Z', '2025-03-30T23:00:00.000Z'],
    ['Saturday before the autumn change ends at BST midnight', '2025-10-25T12:00:00.000Z', '2025-10-25T23:00:00.000Z'],
    ['the 25-hour Sunday, 01:30 BST (first time round)', '2025-10-26T00:30:00.000Z', '2025-10-27T00:00:00.000Z'],
    ['the 25-hour Sunday, 01:30 GMT (second time round)', '2025-10-26T01:30:00.000Z', '2025-10-27T00:00:00.000Z'],
    ['the 25-hour Sunday, afternoon', '2025-10-26T15:00:00.000Z', '2025-10-27T00:00:00.000Z'],
  ])('across the clock change: %s', (_label, now, expected) => {
    expect(end(now, London)).toBe(expected);
  });

  it('is always after now and at most a day (plus a clock change) later', () => {
    for (let t = Date.UTC(2025, 2, 28); t < Date.UTC(2025, 3, 2); t += 37 * 60_000) {
      const now = new Date(t);
      const e = endOfSchoolDay(now, London);
      expect(e.getTime()).toBeGreaterThan(t);
      expect(e.getTime() - t).toBeLessThanOrEqual(25 * 3_600_000);
      const local = new Intl.DateTimeFormat('en-GB', {
        timeZone: London,
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      }).format(e);
      expect(local).toBe('00:00:00');
    }
  });
});

describe('endOfSchoolDay in other zones', () => {
  it.each([
    ['America/New_York, winter', '2025-01-15T12:00:00.000Z', 'America/New_York', '2025-01-16T05:00:00.000Z'],
    [
      'America/New_York, on its spring-forward day',
      '2025-03-09T12:00:00.000Z',
      'America/New_York',
      '2025-03-10T04:00:00.000Z',
    ],
    [
      'Australia/Sydney, in its summer time',
      '2025-01-15T00:00:00.000Z',
      'Australia/Sydney',
      '2025-01-15T13:00:00.000Z',
    ],
    ['Asia/Kolkata, half-hour offset', '2025-06-01T12:00:00.000Z', 'Asia/Kolkata', '2025-06-01T18:30:00.000Z'],
    ['UTC', '2025-06-01T12:00:00.000Z', 'UTC', '2025-06-02T00:00:00.000Z'],
    // Chile moves its clocks at midnight: 8 September 2024 began at 01:00 (-03).
    [
      'America/Santiago, a day with no midnight',
      '2024-09-07T15:00:00.000Z',
      'America/Santiago',
      '2024-09-08T04:00:00.000Z',
    ],
    // Samoa skipped 30 December 2011 altogether.
    ['Pacific/Apia, across a skipped day', '2011-12-29T12:00:00.000Z', 'Pacific/Apia', '2011-12-30T10:00:00.000Z'],
  ])('%s', (_label, now, zone, expected) => {
    expect(end(now, zone)).toBe(expected);
  });

  it('refuses an unknown zone and an invalid date', () => {
    expect(() => endOfSchoolDay(new Date(), 'Europe/Atlantis')).toThrow(RangeError);
    expect(() => endOfSchoolDay(new Date(Number.NaN), 'Europe/London')).toThrow(RangeError);
  });
});

/**
 * The school's dates and wall-clock times (lib/time/school-date.ts), the one
 * module every "today", day boundary and datetime-local value goes through.
 * 2025's clock changes in the UK: Sunday 30 March (01:00 GMT → 02:00 BST) and
 * Sunday 26 October (02:00 BST → 01:00 GMT).
 */
import { describe, expect, it } from 'vitest';
import { addDays } from '@/lib/attendance';
import { importIssuesFileName } from '@/lib/mis/queries';
import {
  dateInZone,
  endOfSchoolDay,
  formatSchoolDay,
  instantToZonedWallTime,
  zonedWallTimeToInstant,
} from '@/lib/time/school-date';

const at = (iso: string) => new Date(iso);

describe('school wall-clock time', () => {
  it('reads a datetime-local value in the school’s time zone, winter and summer', () => {
    expect(zonedWallTimeToInstant('Europe/London', '2026-01-15T09:30')?.toISOString()).toBe('2026-01-15T09:30:00.000Z');
    expect(zonedWallTimeToInstant('Europe/London', '2026-07-15T09:30')?.toISOString()).toBe('2026-07-15T08:30:00.000Z');
    expect(zonedWallTimeToInstant('America/New_York', '2026-07-15T09:30')?.toISOString()).toBe(
      '2026-07-15T13:30:00.000Z',
    );
  });

  it('puts a time the clocks skip an hour later, and a repeated time at its first occurrence', () => {
    expect(zonedWallTimeToInstant('Europe/London', '2026-03-29T01:30')?.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(zonedWallTimeToInstant('Europe/London', '2026-10-25T01:30')?.toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('refuses dates that do not exist and malformed text', () => {
    expect(zonedWallTimeToInstant('Europe/London', '2026-02-30T01:30')).toBeNull();
    expect(zonedWallTimeToInstant('Europe/London', '2026-02-10T24:00')).toBeNull();
    expect(zonedWallTimeToInstant('Europe/London', '10/02/2026 09:00')).toBeNull();
  });

  it('shows an instant as the school’s wall-clock time and date', () => {
    expect(instantToZonedWallTime('Europe/London', at('2026-07-15T08:30:00Z'))).toBe('2026-07-15T09:30');
    expect(instantToZonedWallTime('Europe/London', at('2026-07-15T23:00:00Z'))).toBe('2026-07-16T00:00');
    expect(dateInZone('Europe/London', at('2026-07-15T23:30:00Z'))).toBe('2026-07-16');
  });

  it('shows a stored day the same whatever the server’s zone', () => {
    expect(formatSchoolDay('2025-03-14')).toBe('14 Mar 2025');
  });
});

describe('today in the school’s time zone', () => {
  it.each([
    ['London, winter: the last millisecond of the day', '2025-01-15T23:59:59.999Z', 'Europe/London', '2025-01-15'],
    ['London, winter: midnight is the next day', '2025-01-16T00:00:00.000Z', 'Europe/London', '2025-01-16'],
    ['London, summer: midnight BST is 23:00 UTC', '2025-07-15T22:59:59.999Z', 'Europe/London', '2025-07-15'],
    [
      'London, summer: after midnight BST, before midnight UTC',
      '2025-07-15T23:00:00.000Z',
      'Europe/London',
      '2025-07-16',
    ],
    ['London, the 23-hour Sunday before the change', '2025-03-30T00:59:59.999Z', 'Europe/London', '2025-03-30'],
    ['London, the 23-hour Sunday after the change', '2025-03-30T22:59:59.999Z', 'Europe/London', '2025-03-30'],
    ['London, the 25-hour Sunday, 01:30 the first time', '2025-10-26T00:30:00.000Z', 'Europe/London', '2025-10-26'],
    ['London, the 25-hour Sunday, 01:30 the second time', '2025-10-26T01:30:00.000Z', 'Europe/London', '2025-10-26'],
    ['London, the 25-hour Sunday, its last millisecond', '2025-10-26T23:59:59.999Z', 'Europe/London', '2025-10-26'],
    ['UTC is not the school’s day', '2025-07-15T23:00:00.000Z', 'UTC', '2025-07-15'],
    ['New York, behind UTC', '2025-01-16T04:59:59.999Z', 'America/New_York', '2025-01-15'],
    ['Kolkata, half-hour offset', '2025-06-01T18:30:00.000Z', 'Asia/Kolkata', '2025-06-02'],
    ['Santiago: 8 September 2024 began at 01:00', '2024-09-08T03:59:59.999Z', 'America/Santiago', '2024-09-07'],
    ['Santiago: its first instant', '2024-09-08T04:00:00.000Z', 'America/Santiago', '2024-09-08'],
    ['Apia skipped 30 December 2011', '2011-12-30T10:00:00.000Z', 'Pacific/Apia', '2011-12-31'],
  ])('%s', (_label, instant, zone, day) => {
    expect(dateInZone(zone, at(instant))).toBe(day);
  });

  it('refuses an unknown zone', () => {
    expect(() => dateInZone('Europe/Atlantis', new Date())).toThrow(RangeError);
  });

  it('names a run’s issues file by the school’s day, not UTC’s', () => {
    const run = { id: '0b5c2f9e-1111-4222-8333-444455556666', startedAt: at('2026-07-15T23:30:00Z') };
    expect(importIssuesFileName(run, 'Europe/London')).toBe('import-2026-07-16-0b5c2f9e-issues.csv');
    expect(importIssuesFileName(run, 'UTC')).toBe('import-2026-07-15-0b5c2f9e-issues.csv');
  });
});

/**
 * The three readings of a school day must agree everywhere: its date
 * (dateInZone), where it ends (endOfSchoolDay: reset links), and where the next
 * one starts as a wall-clock midnight (zonedWallTimeToInstant at 00:00: the
 * Audit tab's "from" and "to" filters).
 */
describe('the day, its end and the next midnight agree', () => {
  const zones = [
    'Europe/London',
    'America/New_York',
    'America/Santiago',
    'Australia/Sydney',
    'Australia/Lord_Howe',
    'Asia/Kolkata',
    'UTC',
  ];
  // A week either side of a clock change in each hemisphere, every 97 minutes.
  const spans = [
    [Date.UTC(2025, 2, 25), Date.UTC(2025, 3, 8)],
    [Date.UTC(2025, 9, 22), Date.UTC(2025, 10, 5)],
    [Date.UTC(2024, 8, 4), Date.UTC(2024, 8, 11)],
  ] as const;

  it.each(zones)('%s', (zone) => {
    for (const [from, to] of spans) {
      for (let t = from; t < to; t += 97 * 60_000) {
        const now = new Date(t);
        const today = dateInZone(zone, now);
        const end = endOfSchoolDay(now, zone);
        expect(dateInZone(zone, new Date(end.getTime() - 1))).toBe(today);
        expect(dateInZone(zone, end)).toBe(addDays(today, 1));
        expect(zonedWallTimeToInstant(zone, `${addDays(today, 1)}T00:00`)?.toISOString()).toBe(end.toISOString());
        expect(zonedWallTimeToInstant(zone, `${today}T00:00`)!.getTime()).toBeLessThanOrEqual(t);
      }
    }
  });
});

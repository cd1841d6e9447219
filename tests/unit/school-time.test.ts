import { describe, expect, it } from 'vitest';
import { dateInZone, instantToZonedWallTime, zonedWallTimeToInstant } from '@/lib/schools/today';

describe('school wall-clock time', () => {
  it('reads a datetime-local value in the school’s time zone, winter and summer', () => {
    expect(zonedWallTimeToInstant('Europe/London', '2026-01-15T09:30')?.toISOString()).toBe('2026-01-15T09:30:00.000Z');
    expect(zonedWallTimeToInstant('Europe/London', '2026-07-15T09:30')?.toISOString()).toBe('2026-07-15T08:30:00.000Z');
    expect(zonedWallTimeToInstant('America/New_York', '2026-07-15T09:30')?.toISOString()).toBe('2026-07-15T13:30:00.000Z');
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
    expect(instantToZonedWallTime('Europe/London', new Date('2026-07-15T08:30:00Z'))).toBe('2026-07-15T09:30');
    expect(dateInZone('Europe/London', new Date('2026-07-15T23:30:00Z'))).toBe('2026-07-16');
  });
});

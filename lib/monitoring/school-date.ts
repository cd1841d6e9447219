/**
 * Monitoring dates are calendar days in the school's own time zone: a period
 * started at 23:30 UTC on a British summer evening starts on the next day.
 */
import { dateInZone } from '@/lib/schools/today';

/** Today (YYYY-MM-DD) in a time zone. */
export function schoolToday(timeZone: string, now = new Date()): string {
  return dateInZone(timeZone, now);
}

/** "14 Mar 2025" for a YYYY-MM-DD day, whatever the server's own zone. */
export function formatSchoolDay(day: string): string {
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

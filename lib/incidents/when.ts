/** When a record happened: the school's wall-clock time from the form, or now; never in the future. */
import { UserError } from '@/lib/errors';
import { zonedWallTimeToInstant } from '@/lib/time/school-date';

/** A minute's grace for clocks that differ between the phone and the server. */
const FUTURE_GRACE_MS = 60_000;

export function occurredAtFrom(timeZone: string, wall: string, now: Date): Date {
  if (wall === '') return now;
  const at = zonedWallTimeToInstant(timeZone, wall);
  if (!at)
    throw new UserError('Please correct the highlighted fields.', { occurredAt: ['Enter a valid date and time.'] });
  if (at.getTime() > now.getTime() + FUTURE_GRACE_MS) {
    throw new UserError('Please correct the highlighted fields.', {
      occurredAt: ['The date and time cannot be in the future.'],
    });
  }
  return at;
}

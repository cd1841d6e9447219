/**
 * When an event happens and when its reminder is due, in the school's time
 * zone. Pure, so the clock changes can be tested without a database.
 *
 * A reminder "N days before" is the same wall-clock time N calendar days
 * earlier (a meeting at 09:00 on the Monday after the clocks change, reminded
 * a day before, is reminded at 09:00 on the Sunday, not at 08:00 or 10:00);
 * minutes and hours before are exact durations. A reminder "at" a time is that
 * wall-clock time in the school's zone, turned into an instant when saved.
 */
import { addDays } from '@/lib/attendance/dates';
import { instantToZonedWallTime, zonedWallTimeToInstant } from '@/lib/time/school-date';

export type ReminderUnit = 'minutes' | 'hours' | 'days';
export type ReminderSpec =
  { kind: 'none' } | { kind: 'at'; at: string } | { kind: 'before'; amount: number; unit: ReminderUnit };

export interface EventTimes {
  allDay: boolean;
  startsAt: Date;
  endsAt: Date;
  /** All-day events: the first and last school-local day, inclusive. */
  startDay: string | null;
  endDay: string | null;
}

type Errors = Record<string, string[]>;
export type Resolved<T> = { ok: true; value: T } | { ok: false; fieldErrors: Errors };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function validDay(s: string): boolean {
  if (!DAY.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** The first instant of a school-local day. */
export function dayStart(timeZone: string, day: string): Date {
  return zonedWallTimeToInstant(timeZone, `${day}T00:00`)!;
}

/**
 * The form's start and end (datetime-local values, or days when all day) as
 * instants; field errors by the form's names when unreadable or backwards.
 */
export function resolveEventTimes(
  timeZone: string,
  input: { allDay: boolean; start: string; end: string },
): Resolved<EventTimes> {
  const errors: Errors = {};
  if (input.allDay) {
    const startDay = input.start.slice(0, 10);
    const endDay = (input.end || input.start).slice(0, 10);
    if (!validDay(startDay)) errors.start = ['Enter the day it starts.'];
    if (!validDay(endDay)) errors.end = ['Enter the day it ends.'];
    if (errors.start || errors.end) return { ok: false, fieldErrors: errors };
    if (endDay < startDay) return { ok: false, fieldErrors: { end: ['The last day cannot be before the first.'] } };
    return {
      ok: true,
      value: {
        allDay: true,
        startsAt: dayStart(timeZone, startDay),
        endsAt: dayStart(timeZone, addDays(endDay, 1)),
        startDay,
        endDay,
      },
    };
  }
  const startsAt = zonedWallTimeToInstant(timeZone, input.start);
  const endsAt = input.end ? zonedWallTimeToInstant(timeZone, input.end) : startsAt;
  if (!startsAt) errors.start = ['Enter the date and time it starts.'];
  if (!endsAt) errors.end = ['Enter the date and time it ends.'];
  if (!startsAt || !endsAt) return { ok: false, fieldErrors: errors };
  if (endsAt < startsAt) return { ok: false, fieldErrors: { end: ['It cannot end before it starts.'] } };
  return { ok: true, value: { allDay: false, startsAt, endsAt, startDay: null, endDay: null } };
}

const UNIT_MS: Record<Exclude<ReminderUnit, 'days'>, number> = { minutes: 60_000, hours: 3_600_000 };

/** The instant a reminder is due, or null for none; a field error when the time cannot be read. */
export function reminderDueAt(timeZone: string, startsAt: Date, spec: ReminderSpec): Resolved<Date | null> {
  if (spec.kind === 'none') return { ok: true, value: null };
  if (spec.kind === 'at') {
    const at = zonedWallTimeToInstant(timeZone, spec.at);
    return at ? { ok: true, value: at } : { ok: false, fieldErrors: { reminderAt: ['Enter when to remind you.'] } };
  }
  if (spec.unit !== 'days') return { ok: true, value: new Date(startsAt.getTime() - spec.amount * UNIT_MS[spec.unit]) };
  const wall = instantToZonedWallTime(timeZone, startsAt);
  const earlier = `${addDays(wall.slice(0, 10), -spec.amount)}${wall.slice(10)}`;
  return { ok: true, value: zonedWallTimeToInstant(timeZone, earlier)! };
}

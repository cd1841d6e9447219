/** When planner events happen and their reminders fall due, in the school's zone, across the clock changes. */
import { describe, expect, it } from 'vitest';
import { reminderDueAt, resolveEventTimes } from '@/lib/planner/when';

const LONDON = 'Europe/London';

describe('resolveEventTimes', () => {
  it('reads wall-clock times in the school zone on both sides of the change', () => {
    const spring = resolveEventTimes(LONDON, { allDay: false, start: '2026-03-29T09:00', end: '2026-03-29T10:00' });
    expect(spring.ok && spring.value.startsAt.toISOString()).toBe('2026-03-29T08:00:00.000Z');
    const autumn = resolveEventTimes(LONDON, { allDay: false, start: '2026-10-25T09:00', end: '' });
    expect(autumn.ok && [autumn.value.startsAt.toISOString(), autumn.value.endsAt.toISOString()]).toEqual([
      '2026-10-25T09:00:00.000Z',
      '2026-10-25T09:00:00.000Z',
    ]);
  });

  it('an all-day event runs from its first local midnight to the one after its last day (23 hours on 29 March)', () => {
    const r = resolveEventTimes(LONDON, { allDay: true, start: '2026-03-29', end: '2026-03-29' });
    expect(r.ok && r.value).toMatchObject({ startDay: '2026-03-29', endDay: '2026-03-29' });
    expect(r.ok && (r.value.endsAt.getTime() - r.value.startsAt.getTime()) / 3_600_000).toBe(23);
  });

  it('answers unreadable or backwards times by their field', () => {
    expect(resolveEventTimes(LONDON, { allDay: false, start: 'soon', end: '' })).toEqual({
      ok: false,
      fieldErrors: { start: ['Enter the date and time it starts.'], end: ['Enter the date and time it ends.'] },
    });
    expect(resolveEventTimes(LONDON, { allDay: true, start: '2026-02-30', end: '' })).toMatchObject({ ok: false });
    expect(resolveEventTimes(LONDON, { allDay: true, start: '2026-03-02', end: '2026-03-01' })).toEqual({
      ok: false,
      fieldErrors: { end: ['The last day cannot be before the first.'] },
    });
  });
});

describe('reminderDueAt', () => {
  const start = (wall: string) => {
    const r = resolveEventTimes(LONDON, { allDay: false, start: wall, end: '' });
    if (!r.ok) throw new Error('bad start');
    return r.value.startsAt;
  };

  it('days before keep the wall-clock time across the change: 09:00 stays 09:00', () => {
    const spring = reminderDueAt(LONDON, start('2026-03-30T09:00'), { kind: 'before', amount: 1, unit: 'days' });
    expect(spring.ok && spring.value?.toISOString()).toBe('2026-03-29T08:00:00.000Z');
    const autumn = reminderDueAt(LONDON, start('2026-10-26T09:00'), { kind: 'before', amount: 1, unit: 'days' });
    expect(autumn.ok && autumn.value?.toISOString()).toBe('2026-10-25T09:00:00.000Z');
  });

  it('minutes and hours before are exact durations, even over the change', () => {
    const r = reminderDueAt(LONDON, start('2026-03-29T03:00'), { kind: 'before', amount: 2, unit: 'hours' });
    // 03:00 BST is 02:00 UTC; two hours earlier is 00:00 UTC, 00:00 GMT on the clock.
    expect(r.ok && r.value?.toISOString()).toBe('2026-03-29T00:00:00.000Z');
    const m = reminderDueAt(LONDON, start('2026-05-04T10:00'), { kind: 'before', amount: 5, unit: 'minutes' });
    expect(m.ok && m.value?.toISOString()).toBe('2026-05-04T08:55:00.000Z');
  });

  it('at a chosen time is that time in the school zone; none is null', () => {
    const at = reminderDueAt(LONDON, new Date(), { kind: 'at', at: '2026-10-25T09:00' });
    expect(at.ok && at.value?.toISOString()).toBe('2026-10-25T09:00:00.000Z');
    expect(reminderDueAt(LONDON, new Date(), { kind: 'none' })).toEqual({ ok: true, value: null });
    expect(reminderDueAt(LONDON, new Date(), { kind: 'at', at: 'tomorrow' })).toEqual({
      ok: false,
      fieldErrors: { reminderAt: ['Enter when to remind you.'] },
    });
  });
});

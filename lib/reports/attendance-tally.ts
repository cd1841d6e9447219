/**
 * Attendance figures from marks counted in the database: the statement
 * groups marks by a key (a class, a month, a pupil) and by code, and gives
 * each group's count with its earliest day, so a code is read with its
 * meaning on that day (codes used before August 2024 meant something else:
 * lib/attendance/codes.ts, which alone says what a code means). This only
 * adds up, in the same way as the pupil profile's figure
 * (lib/attendance/summary.ts): present and approved activity over possible
 * sessions; unknown and "not counted" codes left out.
 *
 * Pure module.
 */
import { countsAsAttending, countsAsPossibleSession } from '@/lib/attendance/codes';
import { markCategory } from '@/lib/attendance/summary';

export interface CodeCount {
  key: string | null;
  code: string;
  /** The earliest day of the group: every mark in it falls on the same side of the change of codes. */
  firstDay: string;
  sessions: number;
}

export interface AttendanceTally {
  possible: number;
  attending: number;
  authorised: number;
  unauthorised: number;
}

const empty = (): AttendanceTally => ({ possible: 0, attending: 0, authorised: 0, unauthorised: 0 });

export function tallyAttendance(rows: readonly CodeCount[]): Map<string | null, AttendanceTally> {
  const out = new Map<string | null, AttendanceTally>();
  for (const row of rows) {
    const category = markCategory({ code: row.code, date: row.firstDay });
    if (category === 'unknown' || !countsAsPossibleSession(category)) continue;
    const t = out.get(row.key) ?? empty();
    t.possible += row.sessions;
    if (countsAsAttending(category)) t.attending += row.sessions;
    else if (category === 'authorised') t.authorised += row.sessions;
    else if (category === 'unauthorised') t.unauthorised += row.sessions;
    out.set(row.key, t);
  }
  return out;
}

/** A percentage to one decimal place, or null when there was no session to count. */
export function percentOf(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 10;
}

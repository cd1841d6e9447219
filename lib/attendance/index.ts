/**
 * lib/attendance — attendance maths for the pupil profile: the year's
 * figure (over the range lib/calendar's rule gives), authorised and unauthorised absence, the trend over the school's
 * windows and the session calendar, and the attendance codes (codes.ts: the
 * one place that says what a code means, for these figures and for the MIS
 * importer that checks marks against it). Pure: the profile reads the marks
 * (lib/profile/tabs.ts) and hands them here.
 */
export {
  ATTENDANCE_CODES,
  LEGACY_ATTENDANCE_CODES,
  LEGACY_CODES_BEFORE,
  attendanceCategory,
  attendanceCodesValidOn,
  countsAsAttending,
  countsAsPossibleSession,
  lookupAttendanceCode,
  type AttendanceCategory,
  type AttendanceCode,
} from './codes';
export { addDays, ageOn, isValidIsoDate, weekdayIndex } from './dates';
export {
  attendanceTrend,
  formatPercentage,
  markCategory,
  summariseAttendance,
  type AttendanceSummary,
  type Mark,
  type MarkCategory,
  type TrendPoint,
} from './summary';
export {
  buildAttendanceCalendar,
  codesInCalendar,
  type CalendarDay,
  type CalendarMonth,
  type SessionMark,
} from './calendar';
export { MARK_CATEGORY_CLASSES, MARK_CATEGORY_LABELS, MARK_CATEGORY_ORDER } from './labels';

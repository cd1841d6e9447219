/**
 * lib/attendance — attendance maths for the pupil profile: this year's
 * figure, authorised and unauthorised absence, the trend over the school's
 * windows and the session calendar. Pure: the profile reads the marks
 * (lib/students/profile.ts) and hands them here; lib/mis/codes.ts alone says
 * what a code means.
 */
export { addDays, ageOn, isValidIsoDate, schoolYearStart, weekdayIndex } from './dates';
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
export { buildAttendanceCalendar, codesInCalendar, type CalendarDay, type CalendarMonth, type SessionMark } from './calendar';
export { MARK_CATEGORY_CLASSES, MARK_CATEGORY_LABELS, MARK_CATEGORY_ORDER } from './labels';

/**
 * lib/time — calendar dates and wall-clock times as the school sees them
 * (school-date.ts): the one module that turns instants into the school's dates
 * and back. Pure.
 */
export {
  dateInZone,
  endOfSchoolDay,
  formatSchoolDay,
  instantToZonedWallTime,
  zonedWallTimeToInstant,
} from './school-date';
export { isSchoolTimeZone, schoolTimeZones } from './zones';

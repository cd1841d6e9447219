/**
 * lib/calendar — the school's academic years, terms and closure days, and the
 * one rule for "this academic year" and "this term" (rule.ts: the school's
 * own year covering a day, else the England default of 1 September to
 * 31 August). Admin → Calendar writes it (lib/admin/calendar-service.ts); the
 * form's schema is schema.ts. Client components take what they need from
 * ./client.ts.
 */
import 'server-only';

export {
  academicYearOn,
  academicYearsOf,
  defaultAcademicYear,
  isClosureDay,
  termOn,
  type AcademicYear,
  type CalendarYear,
  type Closure,
  type Term,
} from './rule';
export { academicYearFor, calendarYears } from './queries';
export {
  academicYearForm,
  closureLine,
  DEFAULT_TERM_NAMES,
  parsedYear,
  removeYearInput,
  TERM_ROWS,
  yearFormValues,
  type AcademicYearForm,
  type ParsedYear,
} from './schema';

/** What the calendar's client components need at run time: pure. */
export { DEFAULT_TERM_NAMES, TERM_ROWS } from './schema';

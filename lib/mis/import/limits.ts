/**
 * The longest value Haven takes from each column of an extract, in
 * characters (Unicode code points, after trimming). docs/mis-import-limits.md
 * shows this table to schools and MIS suppliers; tests/unit/mis-import-limits.test.ts
 * keeps the two the same.
 *
 * What a longer value does depends on the column:
 * - 'skip-row': identifiers and names. The row is an error and is not
 *   imported, as for a missing value, and the record behind it is left as
 *   it was: a name cut short or dropped would show the wrong person.
 * - 'keep-stored': other details. The column is an error, the rest of the
 *   row is imported, and the value already stored is kept (a new record has
 *   none): a half medical condition or address is worse than the last good one.
 * - 'format': the column's format bounds it (a date, a flag, a code), and a
 *   longer value is already an error of that format.
 *
 * Pure module.
 */
import type { BundleFileKind } from './files';

export type OverLimit = 'skip-row' | 'keep-stored' | 'format';
export interface ColumnLimit {
  max: number;
  over: OverLimit;
}

const id: ColumnLimit = { max: 64, over: 'skip-row' };
const name: ColumnLimit = { max: 100, over: 'skip-row' };
const title: ColumnLimit = { max: 35, over: 'keep-stored' };
const detail = (max: number): ColumnLimit => ({ max, over: 'keep-stored' });
const format = (max: number): ColumnLimit => ({ max, over: 'format' });
const date = format(10);
const flag = format(1);

export const COLUMN_LIMITS = {
  students: {
    mis_id: id,
    upn: format(13),
    legal_forename: name,
    legal_surname: name,
    preferred_forename: name,
    preferred_surname: name,
    date_of_birth: date,
    gender: detail(50),
    year_group: detail(50),
    tutor_group: detail(50),
    sen_status: format(1),
    ethnicity: detail(100),
    religion: detail(100),
    pupil_premium: flag,
    eal: flag,
    free_school_meals: flag,
    looked_after: flag,
    medical_conditions: detail(4_000),
    start_date: date,
    leaving_date: date,
  },
  staff: {
    mis_id: id,
    title,
    forename: name,
    surname: name,
    email: detail(320),
    job_title: detail(100),
    start_date: date,
    end_date: date,
    contract: format(9),
  },
  contacts: {
    student_mis_id: id,
    contact_id: id,
    title,
    forename: name,
    surname: name,
    relationship: detail(100),
    priority: format(4),
    parental_responsibility: flag,
    lives_with_student: flag,
    phone: detail(50),
    mobile: detail(50),
    email: detail(320),
    address: detail(500),
  },
  attendance: {
    student_mis_id: id,
    date,
    session: format(2),
    code: format(2),
  },
} as const satisfies Record<BundleFileKind, Record<string, ColumnLimit>>;

export type ColumnOf<K extends BundleFileKind> = keyof (typeof COLUMN_LIMITS)[K] & string;

/** Characters (code points) of `s`, counted only as far as needed to know whether it passes `max`. */
export function isLongerThan(s: string, max: number): boolean {
  if (s.length <= max) return false; // UTF-16 units are never fewer than code points
  let n = 0;
  for (const _ of s) if (++n > max) return true;
  return false;
}

export function tooLongReason(max: number, over: OverLimit): string {
  const limit = `longer than the ${max.toLocaleString('en-GB')} characters Haven takes for this column`;
  return over === 'keep-stored'
    ? `${limit}; the rest of the row was imported and the value stored before (if any) was kept`
    : `${limit}; the row was not imported`;
}

import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { schoolIdColumn, schoolIsolation } from './_tenancy';
import { schools } from './schools';

/** A term as stored: its name and first and last days (YYYY-MM-DD), inside the year, in order. */
export interface StoredTerm {
  name: string;
  startsOn: string;
  endsOn: string;
}

/** A closure: one day or a run of days the school is shut, with what it is (INSET day, strike). */
export interface StoredClosure {
  startsOn: string;
  endsOn: string;
  name: string;
}

/**
 * A school's academic year (Admin → Calendar): its first and last days, its
 * terms and any closure days. "This academic year" and "this term" are read
 * from these rows (lib/calendar); a school without one has the England
 * default. Terms and closures are validated as a whole by lib/calendar and
 * stored with the year, so a year is saved or refused in one piece. Years of
 * a school do not overlap (checked under a per-school lock when saving).
 * Removing a year sets `removed_at`: the app may not delete rows.
 */
export const academicYears = pgTable(
  'academic_years',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    terms: jsonb('terms').$type<StoredTerm[]>().notNull(),
    closures: jsonb('closures')
      .$type<StoredClosure[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** Compare-and-set on save: an edit of a stale page is refused, never silently overwriting. */
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (t) => [
    unique('academic_years_school_id_key').on(t.schoolId, t.id),
    index('academic_years_school_start_idx').on(t.schoolId, t.startsOn),
    schoolIsolation(t.schoolId),
  ],
);

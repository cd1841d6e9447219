import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { schoolIdColumn, schoolIsolation } from './_tenancy';
import { schools } from './schools';
import { users } from './users';

/**
 * Reporting → Saved reports: a report's definition (lib/reports/definition.ts,
 * versioned JSON) kept under a title, never its results: a saved report is
 * run again ("Regenerate") as whoever opens it, so no pupil's data is copied
 * here and nobody sees more through it than they may see. Published reports
 * are offered to the school's other key holders who may run reports; only
 * the owner changes or deletes one. The app role has no DELETE: "Delete"
 * marks the row, and the idle-cleanup job removes marked and expired rows.
 */
export const savedReports = pgTable(
  'saved_reports',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    id: uuid('id').primaryKey(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    title: text('title').notNull(),
    /** A report definition as saved; read through lib/reports/stored-definition.ts, which upgrades older versions. */
    definition: jsonb('definition').$type<Record<string, unknown>>().notNull(),
    published: boolean('published').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Null: kept until deleted. Past this instant the report is gone from every list and cannot be run. */
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    index('saved_reports_school_owner_idx').on(t.schoolId, t.ownerId),
    index('saved_reports_school_published_idx')
      .on(t.schoolId)
      .where(sql`${t.published}`),
    schoolIsolation(t.schoolId),
  ],
);

import { sql } from 'drizzle-orm';
import { check, pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { schoolIdColumn, schoolIsolation } from './_tenancy';
import { schools } from './schools';

/**
 * A school's list of outside agencies ("Agencies involved" on incidents,
 * actions and the pupil's profile). Records refer to them by id
 * (`agency_ids`), so a rename shows everywhere; what is not on the list is
 * kept as free text beside them (`agencies`). Disabled agencies are no longer
 * offered but stay on the records that name them. Never deleted.
 */
export const agencies = pgTable(
  'agencies',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('agencies_school_id_key').on(t.schoolId, t.id),
    uniqueIndex('agencies_school_name_key').on(t.schoolId, sql`lower(${t.name})`),
    check('agencies_name_length', sql`char_length(${t.name}) between 1 and 100`),
    schoolIsolation(t.schoolId),
  ],
);

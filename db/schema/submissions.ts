import { jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { schoolIdColumn, schoolIsolation } from './_tenancy';
import { schools } from './schools';
import { users } from './users';

/**
 * One row per record-creating or record-changing form submission (add or edit an incident or an action): the
 * key the form carried (made with the form and kept in the device's draft),
 * unique per school and person, written in the same transaction as the record
 * with what the person was shown. A retry of the same submission — a second
 * click, a resend after a dropped connection, a save from the kept draft after
 * a crash — finds it and gets that result again instead of a second record
 * and a second set of alerts (lib/idempotency).
 */
export const formSubmissions = pgTable(
  'form_submissions',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    key: uuid('key').notNull(),
    form: text('form', {
      enum: [
        'incident.add',
        'action.add',
        'incident.edit',
        'action.edit',
        'report.save',
        'planner.event',
        'support.request',
      ],
    }).notNull(),
    /** SHA-256 of the parsed input: the same key with different content is not a retry. */
    inputHash: text('input_hash').notNull(),
    /** What the submission returned (record ids, number, people alerted); null only inside its own transaction. */
    result: jsonb('result').$type<Record<string, unknown>>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'form_submissions_pkey', columns: [t.schoolId, t.userId, t.key] }),
    schoolIsolation(t.schoolId),
  ],
);

import { sql } from 'drizzle-orm';
import { index, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
import { schoolIdColumn, schoolIsolation } from './_tenancy';
import { documents } from './documents';
import { schools } from './schools';
import { users } from './users';

/**
 * "Alert users" from a document in a pupil's vault: a dashboard alert that
 * points the person to the pupil's vault. Unlike an incident alert it opens
 * nothing: only people who may already read the document are alerted
 * (lib/vault/alerts.ts), and the dashboard shows the pupil only to those who
 * may see them at that moment. Marking it read takes it off the dashboard.
 */
export const documentAlerts = pgTable(
  'document_alerts',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id),
    raisedBy: uuid('raised_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    index('document_alerts_school_user_live_idx')
      .on(t.schoolId, t.userId)
      .where(sql`${t.readAt} is null`),
    index('document_alerts_school_document_idx').on(t.schoolId, t.documentId),
    schoolIsolation(t.schoolId),
  ],
);

import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { schoolIsolation } from './_tenancy';
import { schools } from './schools';

/**
 * Messages waiting to leave Haven. A service writes its email here inside the
 * same transaction as the record that caused it; the outbox-send job delivers
 * it afterwards with retries, ending in 'dead' after too many failures. So a
 * failing mail server never loses a record, and a record that failed to save
 * never sends mail. school_id is null only for platform mail (root domain).
 */
export const outbox = pgTable(
  'outbox',
  {
    schoolId: uuid('school_id').references(() => schools.id),
    id: uuid('id').primaryKey(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    bodyText: text('body_text').notNull(),
    bodyHtml: text('body_html'),
    status: text('status', { enum: ['queued', 'sent', 'dead'] })
      .notNull()
      .default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    /** A delivery in progress holds the row until then, so two runs never send it twice. */
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastError: text('last_error'),
    providerMessageId: text('provider_message_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    index('outbox_due_idx').on(t.status, t.nextAttemptAt),
    index('outbox_school_idx').on(t.schoolId, t.createdAt),
    schoolIsolation(t.schoolId),
  ],
);

import { check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { schoolIdColumn, schoolIsolation } from './_tenancy';
import { schools } from './schools';
import { users } from './users';

/**
 * A request for help a member of staff sends to the deployment's operators
 * ("Contact support"). The school's own row: its staff read it under the
 * school's row-level security; the console reads every school's on the
 * privileged path. It holds what the person wrote and the answer, never a
 * pupil's record.
 */
export const supportRequests = pgTable(
  'support_requests',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    id: uuid('id').primaryKey(),
    /** The school's running number, for people to quote. */
    number: integer('number').notNull(),
    requesterUserId: uuid('requester_user_id')
      .notNull()
      .references(() => users.id),
    subject: text('subject').notNull(),
    phone: text('phone').notNull().default(''),
    message: text('message').notNull(),
    status: text('status', { enum: ['open', 'answered', 'closed'] })
      .notNull()
      .default('open'),
    answer: text('answer'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    answeredByUserId: uuid('answered_by_user_id').references(() => users.id),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('support_requests_school_number_key').on(t.schoolId, t.number),
    index('support_requests_school_created_idx').on(t.schoolId, t.createdAt),
    index('support_requests_status_created_idx').on(t.status, t.createdAt),
    check('support_requests_status_check', sql`${t.status} in ('open', 'answered', 'closed')`),
    schoolIsolation(t.schoolId),
  ],
);

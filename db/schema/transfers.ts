import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  pgPolicy,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { appRole, currentSchoolId } from './_tenancy';
import { schools } from './schools';
import { students } from './students';
import { users } from './users';

export const TRANSFER_STATUSES = ['detected', 'requested', 'authorised', 'transferred', 'declined'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

/**
 * A child protection file moving with a pupil from one school of the
 * deployment to another (lib/transfers). Found by the transfer-detection job;
 * requested by the receiving school, authorised (or declined) by the sending
 * school, copied, then confirmed by the receiving school. The one table of two
 * schools: it has no school_id, and its policy lets either side read and write
 * the row. Nothing is deleted (the app role has no DELETE).
 */
export const transfers = pgTable(
  'transfers',
  {
    id: uuid('id').primaryKey(),
    fromSchoolId: uuid('from_school_id')
      .notNull()
      .references(() => schools.id),
    fromStudentId: uuid('from_student_id')
      .notNull()
      .references(() => students.id),
    toSchoolId: uuid('to_school_id')
      .notNull()
      .references(() => schools.id),
    toStudentId: uuid('to_student_id')
      .notNull()
      .references(() => students.id),
    status: text('status', { enum: TRANSFER_STATUSES }).notNull().default('detected'),
    detectedAt: timestamp('detected_at', { withTimezone: true }).notNull().defaultNow(),
    requestedAt: timestamp('requested_at', { withTimezone: true }),
    requestedBy: uuid('requested_by').references(() => users.id),
    authorisedAt: timestamp('authorised_at', { withTimezone: true }),
    authorisedBy: uuid('authorised_by').references(() => users.id),
    transferredAt: timestamp('transferred_at', { withTimezone: true }),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    confirmedBy: uuid('confirmed_by').references(() => users.id),
    declinedAt: timestamp('declined_at', { withTimezone: true }),
    declinedBy: uuid('declined_by').references(() => users.id),
    declineReason: text('decline_reason'),
    leavingDate: date('leaving_date', { mode: 'string' }).notNull(),
    /** The statutory deadline: 5 school days on the sending school's calendar (lib/transfers/clock.ts). */
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    /** The categories whose incidents were sent (set when transferred). */
    categoryIds: uuid('category_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    incidentCount: integer('incident_count').notNull().default(0),
    documentCount: integer('document_count').notNull().default(0),
  },
  (t) => [
    uniqueIndex('transfers_students_key').on(t.fromStudentId, t.toStudentId),
    index('transfers_from_school_idx').on(t.fromSchoolId, t.detectedAt),
    index('transfers_to_school_idx').on(t.toSchoolId, t.detectedAt),
    check('transfers_between_schools', sql`${t.fromSchoolId} <> ${t.toSchoolId}`),
    check('transfers_declined_whole', sql`(${t.declinedAt} is null) = (${t.declinedBy} is null)`),
    pgPolicy('transfer_parties', {
      as: 'permissive',
      for: 'all',
      to: appRole,
      using: sql`${t.fromSchoolId} = ${currentSchoolId} or ${t.toSchoolId} = ${currentSchoolId}`,
      withCheck: sql`${t.fromSchoolId} = ${currentSchoolId} or ${t.toSchoolId} = ${currentSchoolId}`,
    }),
  ],
);

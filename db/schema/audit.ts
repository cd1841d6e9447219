import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { schoolIdColumn, schoolIsolation } from './_tenancy';
import { schools } from './schools';

/**
 * Append-only audit trail of a school: every read of pupil data and every write.
 * The app role may insert and read, never update or delete (migration 0002).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    id: uuid('id').primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid('actor_user_id'),
    /** Who acted when no person did: a job name or 'system'. */
    actorLabel: text('actor_label'),
    action: text('action').notNull(),
    entityType: text('entity_type'),
    entityId: uuid('entity_id'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    details: jsonb('details')
      .notNull()
      .default(sql`'{}'::jsonb`),
  },
  (t) => [
    index('audit_log_school_at_idx').on(t.schoolId, t.at),
    index('audit_log_school_entity_idx').on(t.schoolId, t.entityType, t.entityId),
    // A pupil's Audit tab: their rows newest first, paged on (at, id). The
    // expression must match lib/students/audit-report.ts exactly.
    index('audit_log_school_student_at_idx').on(t.schoolId, sql`(${t.details} ->> 'studentId')`, t.at, t.id),
    schoolIsolation(t.schoolId),
  ],
);

import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { schoolIsolation } from './_tenancy';
import { schools } from './schools';

/** One run of a named job (lib/jobs), for the record and for overlap detection. */
export const jobRuns = pgTable(
  'job_runs',
  {
    /** Set when a run concerns one school (e.g. an MIS import); null for platform-wide runs. */
    schoolId: uuid('school_id').references(() => schools.id),
    id: uuid('id').primaryKey(),
    job: text('job').notNull(),
    trigger: text('trigger', { enum: ['cli', 'scheduler', 'cron', 'test'] }).notNull(),
    status: text('status', { enum: ['running', 'succeeded', 'failed'] }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    summary: jsonb('summary')
      .notNull()
      .default(sql`'{}'::jsonb`),
    error: text('error'),
  },
  (t) => [index('job_runs_job_started_idx').on(t.job, t.startedAt), schoolIsolation(t.schoolId)],
);

/**
 * Every use of the privileged database path (db/privileged.ts): the few jobs
 * and tools that must cross schools. Platform-level, so it has no school_id.
 */
export const privilegedAccessLog = pgTable(
  'privileged_access_log',
  {
    id: uuid('id').primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    purpose: text('purpose').notNull(),
    detail: text('detail').notNull().default(''),
  },
  (t) => [index('privileged_access_log_at_idx').on(t.at)],
);

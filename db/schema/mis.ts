import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { schoolIdColumn, schoolIsolation } from './_tenancy';
import { schools } from './schools';
import { users } from './users';

/**
 * What the MIS extract brings besides pupils: the staff list (offered in
 * Admin → Users → New user and matched to memberships by `mis_staff_id`), and
 * the record of every import run with its row errors.
 */

export const misStaff = pgTable(
  'mis_staff',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    id: uuid('id').primaryKey(),
    misId: text('mis_id').notNull(),
    title: text('title'),
    forename: text('forename').notNull(),
    surname: text('surname').notNull(),
    email: text('email'),
    jobTitle: text('job_title'),
    startDate: date('start_date', { mode: 'string' }),
    endDate: date('end_date', { mode: 'string' }),
    contract: text('contract', { enum: ['full-time', 'part-time'] }),
    misRowHash: text('mis_row_hash').notNull(),
    /** Set when the person vanished from the extract; cleared when they return. */
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('mis_staff_school_mis_id_key').on(t.schoolId, t.misId), schoolIsolation(t.schoolId)],
);

export interface ImportCounts {
  added: number;
  updated: number;
  archived: number;
  restored: number;
  errors: number;
  warnings: number;
  /** Per file: rows read, and what they did. */
  files: Record<
    string,
    {
      rows: number;
      added: number;
      updated: number;
      unchanged: number;
      archived: number;
      restored: number;
      errors: number;
    }
  >;
  staffDeactivated: number;
  /** Sibling links (source MIS) made and marked removed from contacts.csv. */
  siblingLinks?: { added: number; removed: number };
}

/** One import of one bundle into one school. */
export const importRuns = pgTable(
  'import_runs',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    id: uuid('id').primaryKey(),
    /** How the bundle arrived. */
    source: text('source', { enum: ['upload', 'command', 'job'] }).notNull(),
    /** The uploaded file names, the path given to the command, or the storage folder the job took. */
    sourceName: text('source_name').notNull(),
    status: text('status', { enum: ['running', 'succeeded', 'failed'] }).notNull(),
    failureReason: text('failure_reason'),
    counts: jsonb('counts').$type<ImportCounts>(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    startedBy: uuid('started_by').references(() => users.id),
    /** The process working on the run (host/pid/random), for the record and for recognising this process's own runs. */
    runner: text('runner'),
    /**
     * While running: renewed every half minute by the process doing the work. A
     * run still 'running' past it has lost its process (a crash, a killed
     * machine) and is marked failed as interrupted (lib/mis/import/recovery.ts).
     */
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
  },
  (t) => [
    index('import_runs_school_started_idx').on(t.schoolId, t.startedAt),
    // The recovery looks for running runs across schools; there are only ever a few.
    index('import_runs_running_idx')
      .on(t.schoolId, t.leaseUntil)
      .where(sql`${t.status} = 'running'`),
    // The job processes each delivered bundle once, even when two runs race.
    uniqueIndex('import_runs_job_bundle_key')
      .on(t.schoolId, t.sourceName)
      .where(sql`${t.source} = 'job'`),
    schoolIsolation(t.schoolId),
  ],
);

/** A row the importer skipped (error) or imported with a caveat (warning), with where and why. */
export const importRowErrors = pgTable(
  'import_row_errors',
  {
    schoolId: schoolIdColumn().references(() => schools.id),
    id: uuid('id').primaryKey(),
    runId: uuid('run_id')
      .notNull()
      .references(() => importRuns.id),
    severity: text('severity', { enum: ['error', 'warning'] }).notNull(),
    file: text('file').notNull(),
    /** 1-based physical line of the CSV file where the record starts. */
    line: integer('line').notNull(),
    column: text('column'),
    reason: text('reason').notNull(),
  },
  (t) => [index('import_row_errors_school_run_idx').on(t.schoolId, t.runId, t.line), schoolIsolation(t.schoolId)],
);

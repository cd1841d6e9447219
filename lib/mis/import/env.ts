/** What every step of one import run shares: the transaction, the school, the clock, the report. */
import type { Tx } from '@/db/scoped';
import type { RunReport } from './issues';

export interface ImportEnv {
  tx: Tx;
  schoolId: string;
  runId: string;
  /** The school's date today (YYYY-MM-DD, its own time zone): leaving and end dates are compared with it. */
  today: string;
  now: Date;
  report: RunReport;
  /** The person who started the run (an upload), or null (the command or the job). */
  actorUserId: string | null;
  /** The school setting "disable user accounts which no longer appear in automatic extracts". */
  deactivateMissingStaff: boolean;
}

/** Pupils as the other files may refer to them, once students.csv is done. */
export interface Roll {
  /** Every mis_id in students.csv that has a record after the import (valid rows, and errored rows of existing pupils). */
  idByMisId: Map<string, string>;
  /** mis_ids whose row in students.csv was imported (their contacts are a full snapshot). */
  imported: Set<string>;
  /** mis_ids in students.csv whose rows were skipped, with no record to fall back on. */
  skippedWithoutRecord: Set<string>;
}

/** Rows per statement: large enough to be quick, small enough to stay well under 65,535 parameters. */
export const BATCH = 1_000;

export function* chunks<T>(items: readonly T[], size = BATCH): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

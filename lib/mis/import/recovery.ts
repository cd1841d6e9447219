/**
 * After a crash: a run left 'running' by a process that is gone is marked
 * failed as interrupted (its data rolled back with its transaction), and
 * work folders no run needs any more are removed. Called at start-up and by
 * the idle-cleanup job (lib/jobs/idle-cleanup.ts), in a transaction on the
 * privileged path, since runs of every school are looked at.
 *
 * How "gone" is known:
 * - On the embedded database one process owns the database (the lock file),
 *   so any running run that this process is not working on has lost its
 *   process.
 * - On PostgreSQL several processes, on several machines, may import at
 *   once; a run is gone when its lease (renewed every half minute by the
 *   process doing it, ./lease.ts) has lapsed, or when it names this process
 *   as its runner but this process is not working on it.
 *
 * Work folders live on each machine's own disk, so each process removes only
 * what its data directory holds: a folder whose run has ended, or, when it
 * alone uses the directory (the embedded database on disk), any folder it is
 * not working on. A folder of no known run (an upload still arriving, or
 * another installation's) is left for an hour.
 */
import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { importRuns } from '@/db/schema';
import { writeAudit } from '@/lib/audit/write';
import { getConfig } from '@/lib/config';
import { LEASE_MS } from './lease';
import { activeRunIds, importWorkRoot, removeWorkDir, runnerId } from './work-dir';

export const INTERRUPTED_REASON =
  'The import was interrupted: the server stopped while it ran, and nothing was changed. Import the extract again.';
/** A folder of no known run is left this long (an upload still arriving is in no run yet). */
const UNKNOWN_FOLDER_GRACE_MS = 60 * 60_000;
const RUN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface ImportRecovery {
  runsInterrupted: number;
  workFoldersRemoved: number;
}

/** What a process knows when it judges another's run. */
export interface RunnerView {
  now: Date;
  /** This process alone uses the database (the embedded database). */
  ownsDatabase: boolean;
  /** This process's runner id, and the runs it is working on now. */
  me: string;
  active: ReadonlySet<string>;
}

/** Whether a run still marked 'running' has lost its process. */
export function runIsGone(
  run: { id: string; runner: string | null; leaseUntil: Date | null; startedAt: Date },
  view: RunnerView,
): boolean {
  if (view.active.has(run.id)) return false;
  if (view.ownsDatabase || run.runner === view.me) return true;
  // A run recorded before leases existed counts from its start.
  const lease = run.leaseUntil ?? new Date(run.startedAt.getTime() + LEASE_MS);
  return lease.getTime() < view.now.getTime();
}

/** Whether a folder under the work root may go: `status` is its run's, undefined when no run has its name. */
export function folderIsLeftover(folder: { status: string | undefined; ageMs: number }, ownsDataDir: boolean): boolean {
  if (ownsDataDir) return true;
  if (folder.status !== undefined) return folder.status !== 'running';
  return folder.ageMs > UNKNOWN_FOLDER_GRACE_MS;
}

/** Whether this process alone uses the database (embedded) and its data directory (embedded, on disk). */
function ownership(): { database: boolean; dataDir: boolean } {
  const db = getConfig().database;
  return { database: db.driver === 'pglite', dataDir: db.driver === 'pglite' && db.dataDir !== null };
}

export async function recoverInterruptedImports(
  tx: Tx,
  opts: { now: Date; actorLabel: string },
): Promise<ImportRecovery> {
  const owns = ownership();
  const runsInterrupted = await failInterruptedRuns(tx, opts, owns.database);
  const workFoldersRemoved = await removeLeftoverWorkDirs(tx, opts.now, owns.dataDir);
  return { runsInterrupted, workFoldersRemoved };
}

async function failInterruptedRuns(
  tx: Tx,
  opts: { now: Date; actorLabel: string },
  ownsDatabase: boolean,
): Promise<number> {
  const view: RunnerView = { now: opts.now, ownsDatabase, me: runnerId(), active: activeRunIds() };
  const running = await tx
    .select({
      id: importRuns.id,
      schoolId: importRuns.schoolId,
      runner: importRuns.runner,
      leaseUntil: importRuns.leaseUntil,
      startedAt: importRuns.startedAt,
      source: importRuns.source,
      sourceName: importRuns.sourceName,
    })
    .from(importRuns)
    .where(eq(importRuns.status, 'running'));
  const gone = running.filter((r) => runIsGone(r, view));
  let n = 0;
  for (const r of gone) {
    const marked = await tx
      .update(importRuns)
      .set({ status: 'failed', failureReason: INTERRUPTED_REASON, finishedAt: opts.now })
      .where(and(eq(importRuns.schoolId, r.schoolId), eq(importRuns.id, r.id), eq(importRuns.status, 'running')))
      .returning({ id: importRuns.id });
    if (marked.length === 0) continue; // it finished meanwhile
    n++;
    await writeAudit(tx, {
      schoolId: r.schoolId,
      at: opts.now,
      actorUserId: null,
      actorLabel: opts.actorLabel,
      action: 'mis.import_run',
      entityType: 'import_run',
      entityId: r.id,
      details: {
        source: r.source,
        sourceName: r.sourceName,
        status: 'failed',
        reason: 'interrupted',
        runner: r.runner,
      },
    });
  }
  return n;
}

async function removeLeftoverWorkDirs(tx: Tx, now: Date, ownsDataDir: boolean): Promise<number> {
  const root = importWorkRoot();
  if (!fs.existsSync(root)) return 0;
  const active = activeRunIds();
  const entries = fs.readdirSync(root).filter((name) => !active.has(name));
  const ids = entries.filter((name) => RUN_ID.test(name));
  const status = new Map<string, string>();
  if (!ownsDataDir && ids.length > 0) {
    for (const r of await tx
      .select({ id: importRuns.id, status: importRuns.status })
      .from(importRuns)
      .where(inArray(importRuns.id, ids)))
      status.set(r.id, r.status);
  }
  let removed = 0;
  for (const name of entries) {
    const dir = path.join(root, name);
    const ageMs = ownsDataDir ? 0 : now.getTime() - fs.statSync(dir).mtimeMs;
    if (folderIsLeftover({ status: status.get(name), ageMs }, ownsDataDir) && removeWorkDir(dir)) removed++;
  }
  return removed;
}

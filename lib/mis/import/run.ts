/**
 * One import run of one bundle into one school, whichever way it arrived.
 * Everything the run keeps on disk is in its work folder (./work-dir.ts),
 * removed however the run ends.
 *
 * 0. An upload's body is received into the work folder first; a refusal
 *    there (too large, not a form) is answered to the person and records no
 *    run, as a request that never arrived.
 * 1. The run is recorded as 'running' (its own transaction, so it stays on
 *    record whatever happens next), with this process as its runner and a
 *    lease the process renews while it works (./lease.ts). For the job, the
 *    unique index on (school, folder) makes a racing second run find it
 *    taken and stop.
 * 2. The bundle is opened and validated whole: students.csv present, every
 *    file's required columns present. Any problem fails the run with the
 *    reason and changes nothing.
 * 3. Every write — pupils, staff, contacts, sibling links, marks — and the
 *    run's outcome, its row issues and its audit row happen in ONE
 *    transaction (ctx.run), under a per-school advisory lock so two imports
 *    of one school never interleave. If it rolls back, the run is marked
 *    failed, with the issues found so far, in a transaction of its own.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { importRowErrors, importRuns, type ImportCounts } from '@/db/schema';
import { writeAudit } from '@/lib/audit/write';
import { UserError } from '@/lib/errors';
import type { Ctx } from '@/lib/tenancy/context';
import { dateInZone } from '@/lib/time/school-date';
import { importAttendance } from './attendance';
import { BundleRefused, type Bundle } from './bundle';
import { importContacts } from './contacts';
import { chunks, type ImportEnv } from './env';
import { BUNDLE_FILE_ORDER } from './files';
import { RunReport, type RowIssue } from './issues';
import { checkHeader } from './read-file';
import { syncSiblingLinks } from './siblings';
import { importStaff } from './staff';
import { importStudents } from './students';
import { keepLease, leaseFrom } from './lease';
import { runnerId, withWorkDir } from './work-dir';

export type ImportSource = 'upload' | 'command' | 'job';

export interface ImportRequest {
  source: ImportSource;
  /** The uploaded file names, the path given to the command, or the storage folder. */
  sourceName: string;
  /**
   * Before the run is recorded: receives what the bundle is made of into the
   * work folder (an upload's body) and returns the source name, known only
   * then. Its refusal is thrown to the caller and records no run.
   */
  receive?: (workDir: string) => Promise<string>;
  /** Opens the bundle, using the work folder for anything it unpacks; a BundleRefused fails the run with its message. */
  open: (workDir: string) => Promise<Bundle>;
  now?: Date;
}

export type ImportOutcome =
  | { status: 'succeeded'; runId: string; counts: ImportCounts }
  | { status: 'failed'; runId: string; reason: string; counts: ImportCounts | null }
  /** The job found the bundle already taken by another run. */
  | { status: 'already-processed'; runId: null };

const ACTOR_LABEL: Record<ImportSource, string> = { upload: 'upload', command: 'command', job: 'job:mis-import' };

async function writeIssues(tx: Tx, schoolId: string, runId: string, issues: readonly RowIssue[]): Promise<void> {
  for (const batch of chunks(issues, 2_000)) {
    await tx.insert(importRowErrors).values(
      batch.map((i) => ({
        schoolId,
        id: randomUUID(),
        runId,
        severity: i.severity,
        file: i.file,
        line: i.line,
        column: i.column,
        reason: i.reason.slice(0, 1_000),
      })),
    );
  }
}

async function audit(
  tx: Tx,
  ctx: Ctx,
  req: ImportRequest,
  runId: string,
  at: Date,
  details: Record<string, unknown>,
): Promise<void> {
  await writeAudit(tx, {
    schoolId: ctx.school.id,
    at,
    actorUserId: ctx.user?.id ?? null,
    actorLabel: ctx.user ? null : ACTOR_LABEL[req.source],
    action: 'mis.import_run',
    entityType: 'import_run',
    entityId: runId,
    meta: ctx.meta,
    details: { source: req.source, sourceName: req.sourceName, ...details },
  });
}

/** Runs one import. Callers check permission first (lib/mis/service.ts). */
export async function runImport(ctx: Ctx, req: ImportRequest): Promise<ImportOutcome> {
  const runId = randomUUID();
  return withWorkDir(runId, async (workDir) => {
    const sourceName = (req.receive ? await req.receive(workDir) : req.sourceName).slice(0, 500);
    const inserted = await ctx.run((tx) =>
      tx
        .insert(importRuns)
        .values({
          schoolId: ctx.school.id,
          id: runId,
          source: req.source,
          sourceName,
          status: 'running',
          startedAt: req.now ?? new Date(),
          startedBy: ctx.user?.id ?? null,
          runner: runnerId(),
          leaseUntil: leaseFrom(Date.now()),
        })
        .onConflictDoNothing()
        .returning({ id: importRuns.id }),
    );
    if (inserted.length === 0) return { status: 'already-processed', runId: null };
    const lease = keepLease(ctx, runId);
    try {
      return await importRecordedRun(ctx, { ...req, sourceName }, runId, workDir);
    } finally {
      lease.stop();
    }
  });
}

async function importRecordedRun(ctx: Ctx, req: ImportRequest, runId: string, workDir: string): Promise<ImportOutcome> {
  const now = req.now ?? new Date();
  const schoolId = ctx.school.id;
  const report = new RunReport();
  try {
    const bundle = await req.open(workDir);
    const students = bundle.files.students;
    if (!students) throw new BundleRefused('The bundle has no students.csv (required). Nothing was imported.');
    for (const kind of BUNDLE_FILE_ORDER) {
      const file = bundle.files[kind];
      const problem = file ? await checkHeader(file) : null;
      if (problem) throw new BundleRefused(problem);
    }
    const files = bundle.files;
    const counts = await ctx.run(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`haven:mis-import:${schoolId}`}, 0))`);
      const env: ImportEnv = {
        tx,
        schoolId,
        runId,
        today: dateInZone(ctx.school.timeZone, now),
        now,
        report,
        actorUserId: ctx.user?.id ?? null,
        deactivateMissingStaff: ctx.school.settings.disableUsersMissingFromExtract,
      };
      const roll = await importStudents(env, students);
      if (files.staff) await importStaff(env, files.staff);
      if (files.contacts) {
        await importContacts(env, files.contacts, roll);
        await syncSiblingLinks(env);
      }
      if (files.attendance) await importAttendance(env, files.attendance, roll);
      const result = report.counts();
      await writeIssues(tx, schoolId, runId, report.issuesToStore());
      await tx
        .update(importRuns)
        .set({ status: 'succeeded', counts: result, finishedAt: new Date() })
        .where(and(eq(importRuns.schoolId, schoolId), eq(importRuns.id, runId)));
      await audit(tx, ctx, req, runId, now, {
        status: 'succeeded',
        added: result.added,
        updated: result.updated,
        archived: result.archived,
        restored: result.restored,
        errors: result.errors,
        warnings: result.warnings,
        staffDeactivated: result.staffDeactivated,
      });
      return result;
    });
    return { status: 'succeeded', runId, counts };
  } catch (e) {
    let reason: string;
    if (e instanceof UserError) reason = e.message;
    else {
      const ref = randomUUID().slice(0, 8);
      console.error(`[mis-import ${ref}]`, e);
      reason = `The import stopped on an unexpected error and nothing was changed (reference ${ref}).`;
    }
    // Nothing was written, so no counts: only the issues found before the stop are kept.
    const counts = null;
    await ctx.run(async (tx) => {
      await writeIssues(tx, schoolId, runId, report.issuesToStore());
      await tx
        .update(importRuns)
        .set({ status: 'failed', failureReason: reason.slice(0, 2_000), counts, finishedAt: new Date() })
        .where(and(eq(importRuns.schoolId, schoolId), eq(importRuns.id, runId)));
      await audit(tx, ctx, req, runId, now, { status: 'failed', reason });
    });
    return { status: 'failed', runId, reason, counts };
  }
}

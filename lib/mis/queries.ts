/**
 * Reads for Admin → Imports: the runs, one run, and its row issues. Each
 * checks administration first (lib/admin/guard.ts); a malformed id, or the id
 * of another school's run, is "not found".
 */
import 'server-only';
import { and, asc, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { importRowErrors, importRuns, users, type ImportCounts } from '@/db/schema';
import { requireAdmin } from '@/lib/admin/guard';
import { NotFoundError } from '@/lib/errors';
import type { Ctx } from '@/lib/tenancy/context';
import { dateInZone } from '@/lib/time/school-date';

export { importHealth, type ImportHealth, type ImportHealthLevel } from './health';

export interface ImportRunSummary {
  id: string;
  source: 'upload' | 'command' | 'job';
  sourceName: string;
  status: 'running' | 'succeeded' | 'failed';
  failureReason: string | null;
  counts: ImportCounts | null;
  startedAt: Date;
  finishedAt: Date | null;
  startedByName: string | null;
}

export interface ImportRowIssue {
  severity: 'error' | 'warning';
  file: string;
  line: number;
  column: string | null;
  reason: string;
}

export const RUNS_PAGE_SIZE = 50;

/** "Download as CSV": named by the school's day the run started (the page shows that day), and the run. */
export function importIssuesFileName(run: { id: string; startedAt: Date }, timeZone: string): string {
  return `import-${dateInZone(timeZone, run.startedAt)}-${run.id.slice(0, 8)}-issues.csv`;
}

const runColumns = {
  id: importRuns.id,
  source: importRuns.source,
  sourceName: importRuns.sourceName,
  status: importRuns.status,
  failureReason: importRuns.failureReason,
  counts: importRuns.counts,
  startedAt: importRuns.startedAt,
  finishedAt: importRuns.finishedAt,
  startedByName: users.displayName,
};

/** The newest runs first. */
export async function listImportRuns(ctx: Ctx, limit = RUNS_PAGE_SIZE): Promise<ImportRunSummary[]> {
  requireAdmin(ctx);
  return ctx.run((tx) =>
    tx
      .select(runColumns)
      .from(importRuns)
      .leftJoin(users, eq(users.id, importRuns.startedBy))
      .where(eq(importRuns.schoolId, ctx.school.id))
      .orderBy(desc(importRuns.startedAt), desc(importRuns.id))
      .limit(Math.min(Math.max(1, limit), 200)),
  );
}

const runId = z.uuid();

function parseRunId(id: unknown): string {
  const parsed = runId.safeParse(id);
  if (!parsed.success) throw new NotFoundError('import run');
  return parsed.data;
}

export async function getImportRun(ctx: Ctx, id: unknown): Promise<ImportRunSummary> {
  requireAdmin(ctx);
  const rid = parseRunId(id);
  const rows = await ctx.run((tx) =>
    tx
      .select(runColumns)
      .from(importRuns)
      .leftJoin(users, eq(users.id, importRuns.startedBy))
      .where(and(eq(importRuns.schoolId, ctx.school.id), eq(importRuns.id, rid)))
      .limit(1),
  );
  if (!rows[0]) throw new NotFoundError('import run');
  return rows[0];
}

/** A run's errors and warnings, by file and line (at most 5,000 per file are stored). */
export async function listImportRowIssues(ctx: Ctx, id: unknown): Promise<ImportRowIssue[]> {
  requireAdmin(ctx);
  const rid = parseRunId(id);
  return ctx.run(async (tx) => {
    const run = await tx
      .select({ id: importRuns.id })
      .from(importRuns)
      .where(and(eq(importRuns.schoolId, ctx.school.id), eq(importRuns.id, rid)))
      .limit(1);
    if (!run[0]) throw new NotFoundError('import run');
    return tx
      .select({
        severity: importRowErrors.severity,
        file: importRowErrors.file,
        line: importRowErrors.line,
        column: importRowErrors.column,
        reason: importRowErrors.reason,
      })
      .from(importRowErrors)
      .where(and(eq(importRowErrors.schoolId, ctx.school.id), eq(importRowErrors.runId, rid)))
      .orderBy(asc(importRowErrors.file), asc(importRowErrors.line), asc(importRowErrors.severity));
  });
}

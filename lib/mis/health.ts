/**
 * Import health, as ../shared/mis-format.md defines it: green when the last
 * successful import is under 26 hours old, amber under 72 hours, red
 * otherwise or when the last run failed. Shown to key holders on the dashboard
 * and in Admin → Imports.
 */
import 'server-only';
import { desc, eq } from 'drizzle-orm';
import { importRuns } from '@/db/schema';
import type { Ctx } from '@/lib/tenancy/context';

export type ImportHealthLevel = 'green' | 'amber' | 'red';

export interface ImportHealth {
  level: ImportHealthLevel;
  lastSuccessAt: Date | null;
  /** The newest finished run failed (whatever came before). */
  lastRunFailed: boolean;
  lastFailureReason: string | null;
}

const HOUR = 3_600_000;

export function importHealthLevel(lastSuccessAt: Date | null, lastRunFailed: boolean, now: Date): ImportHealthLevel {
  if (lastRunFailed || !lastSuccessAt) return 'red';
  const age = now.getTime() - lastSuccessAt.getTime();
  if (age < 26 * HOUR) return 'green';
  if (age < 72 * HOUR) return 'amber';
  return 'red';
}

export async function importHealth(ctx: Ctx, now = new Date()): Promise<ImportHealth> {
  const { lastFailure, lastSuccess } = await ctx.run(async (tx) => {
    const failed = await tx
      .select({ finishedAt: importRuns.finishedAt, failureReason: importRuns.failureReason })
      .from(importRuns)
      .where(eq(importRuns.status, 'failed'))
      .orderBy(desc(importRuns.finishedAt))
      .limit(1);
    const success = await tx
      .select({ finishedAt: importRuns.finishedAt })
      .from(importRuns)
      .where(eq(importRuns.status, 'succeeded'))
      .orderBy(desc(importRuns.finishedAt))
      .limit(1);
    return { lastFailure: failed[0] ?? null, lastSuccess: success[0] ?? null };
  });
  const lastSuccessAt = lastSuccess?.finishedAt ?? null;
  const lastFailedAt = lastFailure?.finishedAt ?? null;
  const lastRunFailed = lastFailedAt !== null && (lastSuccessAt === null || lastFailedAt > lastSuccessAt);
  return {
    level: importHealthLevel(lastSuccessAt, lastRunFailed, now),
    lastSuccessAt,
    lastRunFailed,
    lastFailureReason: lastRunFailed ? (lastFailure?.failureReason ?? null) : null,
  };
}

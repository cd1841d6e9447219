/**
 * A running import's lease: the process doing the work renews
 * `import_runs.lease_until` every HEARTBEAT_MS; a run still 'running' once
 * its lease has lapsed has lost its process, whichever machine it ran on
 * (several may, with an external scheduler), and ./recovery.ts marks it
 * interrupted.
 *
 * The renewal is its own small transaction. On PostgreSQL it runs on another
 * pooled connection while the import's transaction is open; on the embedded
 * database (one connection) it waits for that transaction, which is harmless:
 * there a single process owns the database, and the recovery recognises its
 * runs without the lease (./work-dir.ts activeRunIds).
 */
import 'server-only';
import { and, eq } from 'drizzle-orm';
import { importRuns } from '@/db/schema';
import type { Ctx } from '@/lib/tenancy/context';

export const HEARTBEAT_MS = 30_000;
/** Ten missed renewals: a long pause (a slow disk, a full collection) must not look like a crash. */
export const LEASE_MS = 5 * 60_000;

export const leaseFrom = (now: Date | number): Date =>
  new Date((typeof now === 'number' ? now : now.getTime()) + LEASE_MS);

/** Renews the run's lease until stopped. */
export function keepLease(ctx: Ctx, runId: string): { stop(): void } {
  let pending = false;
  const renew = async () => {
    if (pending) return; // the previous renewal is still waiting (embedded database busy): one is enough
    pending = true;
    try {
      await ctx.run((tx) =>
        tx
          .update(importRuns)
          .set({ leaseUntil: leaseFrom(Date.now()) })
          .where(
            and(eq(importRuns.schoolId, ctx.school.id), eq(importRuns.id, runId), eq(importRuns.status, 'running')),
          ),
      );
    } catch (e) {
      // A missed renewal only brings the lease's end nearer; the next one may succeed.
      console.error(`[mis-import] could not renew the lease of run ${runId}:`, e instanceof Error ? e.message : e);
    } finally {
      pending = false;
    }
  };
  const timer = setInterval(() => void renew(), HEARTBEAT_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

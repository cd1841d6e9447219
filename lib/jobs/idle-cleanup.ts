/**
 * idle-cleanup: removes what has expired. Today that is the job-run history
 * past its retention and stale outbox leases; sessions, reset tokens, saved
 * reports and orphaned blobs join as their features arrive.
 */
import { and, lt, ne, sql } from 'drizzle-orm';
import { privileged } from '@/db/privileged';
import { jobRuns, outbox } from '@/db/schema';
import type { JobDefinition } from './types';

export const JOB_RUN_RETENTION_DAYS = 30;

export const idleCleanup: JobDefinition = {
  name: 'idle-cleanup',
  description: 'Delete expired data: old job-run records and abandoned outbox leases.',
  async run({ now }) {
    const cutoff = new Date(now.getTime() - JOB_RUN_RETENTION_DAYS * 86_400_000);
    return privileged('job', 'idle-cleanup', async (tx) => {
      const runs = await tx
        .delete(jobRuns)
        .where(and(lt(jobRuns.startedAt, cutoff), ne(jobRuns.status, 'running')))
        .returning({ id: jobRuns.id });
      // A lease left by a crashed run: free the message for the next send.
      const leases = await tx
        .update(outbox)
        .set({ lockedUntil: null })
        .where(and(sql`${outbox.lockedUntil} is not null`, lt(outbox.lockedUntil, now)))
        .returning({ id: outbox.id });
      return { jobRunsDeleted: runs.length, leasesReleased: leases.length };
    });
  },
};

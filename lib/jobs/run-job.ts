/** Runs a job by name and records the run in job_runs. */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { privileged } from '@/db/privileged';
import { jobRuns } from '@/db/schema';
import { getConfig } from '@/lib/config';
import { getJob, JOBS } from './registry';
import type { JobTrigger } from './types';

export class UnknownJobError extends Error {
  constructor(name: string) {
    super(`Unknown job "${name}". Jobs: ${Object.keys(JOBS).join(', ')}`);
    this.name = 'UnknownJobError';
  }
}

export async function runJob(
  name: string,
  opts: { trigger: JobTrigger; now?: Date; log?: (line: string) => void },
): Promise<Record<string, number | string>> {
  const job = getJob(name);
  if (!job) throw new UnknownJobError(name);
  const id = randomUUID();
  const now = opts.now ?? new Date();
  await privileged('job', `${name}: start`, (tx) =>
    tx.insert(jobRuns).values({ id, job: name, trigger: opts.trigger, status: 'running', startedAt: now }),
  );
  try {
    const summary = await job.run({ now, config: getConfig(), trigger: opts.trigger, log: opts.log ?? (() => {}) });
    await privileged('job', `${name}: finish`, (tx) =>
      tx.update(jobRuns).set({ status: 'succeeded', finishedAt: new Date(), summary }).where(eq(jobRuns.id, id)),
    );
    return summary;
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    await privileged('job', `${name}: failed`, (tx) =>
      tx
        .update(jobRuns)
        .set({ status: 'failed', finishedAt: new Date(), error: error.slice(0, 2000) })
        .where(eq(jobRuns.id, id)),
    );
    throw e;
  }
}

/**
 * AWS Lambda handlers for the serverless deployment: one per scheduled job,
 * named in sst.config.ts as `lib/jobs/lambda.<camelCaseJobName>`. Each runs the
 * same job code as `npm run job -- NAME` and the in-process scheduler.
 */
import 'server-only';
import { runJob } from './run-job';

export const handlerName = (job: string) => job.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

function handlerFor(job: string) {
  return async function handler(): Promise<{ job: string; summary: Record<string, number | string> }> {
    const summary = await runJob(job, { trigger: 'cron', log: (line) => console.log(line) });
    return { job, summary };
  };
}

export const outboxSend = handlerFor('outbox-send');
export const idleCleanup = handlerFor('idle-cleanup');
export const misImport = handlerFor('mis-import');
export const databaseStatistics = handlerFor('database-statistics');
export const plannerReminders = handlerFor('planner-reminders');
export const transferDetection = handlerFor('transfer-detection');

/**
 * The named jobs of Haven. `npm run job -- NAME`, the in-process scheduler and
 * the serverless Cron handlers (lib/jobs/lambda.ts) all run them from here.
 */
import 'server-only';
import { databaseStatistics } from './database-statistics';
import { idleCleanup } from './idle-cleanup';
import { misImport } from './mis-import';
import { outboxSend } from './outbox-send';
import { plannerRemindersJob } from './planner-reminders';
import { transferDetection } from './transfer-detection';
import type { JobDefinition } from './types';

export const JOBS: Record<string, JobDefinition> = {
  [outboxSend.name]: outboxSend,
  [idleCleanup.name]: idleCleanup,
  [misImport.name]: misImport,
  [databaseStatistics.name]: databaseStatistics,
  [plannerRemindersJob.name]: plannerRemindersJob,
  [transferDetection.name]: transferDetection,
};

export function getJob(name: string): JobDefinition | undefined {
  return Object.hasOwn(JOBS, name) ? JOBS[name] : undefined;
}

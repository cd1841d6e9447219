/**
 * When each job runs. One table for the in-process scheduler (the demo and
 * single-server installs) and for sst.config.ts (one Cron per job). Plain data
 * with no imports, so the SST config can read it too.
 */
export interface JobSchedule {
  job: string;
  /** For the in-process scheduler. */
  everySeconds: number;
  /** For SST Cron (AWS rate/cron expression). */
  awsSchedule: string;
}

export const JOB_SCHEDULES: JobSchedule[] = [
  { job: 'outbox-send', everySeconds: 30, awsSchedule: 'rate(1 minute)' },
  { job: 'idle-cleanup', everySeconds: 3600, awsSchedule: 'rate(1 hour)' },
  // Connectors deliver about daily; every 15 minutes picks a new extract up soon after it lands.
  { job: 'mis-import', everySeconds: 900, awsSchedule: 'rate(15 minutes)' },
  // The embedded database has no autovacuum; on PostgreSQL this only catches tables never analyzed.
  { job: 'database-statistics', everySeconds: 1800, awsSchedule: 'rate(1 day)' },
  // A reminder is due at a minute the person chose: every minute keeps it within one of that.
  { job: 'planner-reminders', everySeconds: 60, awsSchedule: 'rate(1 minute)' },
  // Imports land about daily; hourly finds a move well inside the 5-school-day clock.
  { job: 'transfer-detection', everySeconds: 3600, awsSchedule: 'rate(1 hour)' },
];

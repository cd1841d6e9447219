import type { Config } from '@/lib/config';

export type JobTrigger = 'cli' | 'scheduler' | 'cron' | 'test';

export interface JobContext {
  now: Date;
  config: Config;
  trigger: JobTrigger;
  log: (line: string) => void;
}

/** A named job: idempotent, safe to run twice at once, a function of (db, now, config). */
export interface JobDefinition {
  name: string;
  description: string;
  run: (ctx: JobContext) => Promise<Record<string, number | string>>;
}

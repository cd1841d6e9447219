/**
 * The in-process scheduler for embedded and single-server installs: runs each
 * job on its interval, never two runs of the same job from this process at once
 * (the jobs themselves are also safe against overlap from other processes).
 */
import 'server-only';
import { runJob } from './run-job';
import { JOB_SCHEDULES } from './schedule';

export interface Scheduler {
  stop(): void;
}

export function startScheduler(log: (line: string) => void = console.log): Scheduler {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<string>();
  for (const s of JOB_SCHEDULES) {
    const tick = async () => {
      if (running.has(s.job)) return;
      running.add(s.job);
      try {
        await runJob(s.job, { trigger: 'scheduler', log });
      } catch (e) {
        log(`[scheduler] ${s.job} failed: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        running.delete(s.job);
      }
    };
    const t = setInterval(tick, s.everySeconds * 1000);
    t.unref();
    timers.push(t);
    // First run shortly after start, staggered so start-up stays quick.
    const first = setTimeout(tick, 5_000 + timers.length * 1_000);
    first.unref();
    timers.push(first);
  }
  return { stop: () => timers.forEach((t) => clearTimeout(t)) };
}

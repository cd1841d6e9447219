/** What the web server process does at start-up (called from instrumentation.ts). */
import 'server-only';
import { becomeEmbeddedHost } from '@/lib/cli/embedded-host';
import { getConfig } from '@/lib/config';
import { recoverImports } from '@/lib/jobs/idle-cleanup';
import { startScheduler } from '@/lib/jobs/scheduler';

const g = globalThis as unknown as { __havenRuntimeStarted?: boolean };

export async function startServerRuntime(): Promise<void> {
  if (g.__havenRuntimeStarted) return;
  g.__havenRuntimeStarted = true;
  const cfg = getConfig(); // a bad environment stops start-up here, one line per problem
  await becomeEmbeddedHost();
  try {
    const r = await recoverImports();
    if (r.runsInterrupted + r.workFoldersRemoved > 0) {
      console.log(
        `[start-up] imports interrupted by a stop: ${r.runsInterrupted} marked failed, ${r.workFoldersRemoved} work folders removed`,
      );
    }
  } catch (e) {
    // A database not migrated yet, say: the idle-cleanup job will try again.
    console.error('[start-up] could not check for interrupted imports:', e instanceof Error ? e.message : e);
  }
  if (cfg.scheduler === 'inprocess') startScheduler((line) => console.log(line));
}

/** What the web server process does at start-up (called from instrumentation.ts). */
import { becomeEmbeddedHost } from '@/lib/cli/embedded-host';
import { getConfig } from '@/lib/config';
import { startScheduler } from '@/lib/jobs/scheduler';

const g = globalThis as unknown as { __havenRuntimeStarted?: boolean };

export async function startServerRuntime(): Promise<void> {
  if (g.__havenRuntimeStarted) return;
  g.__havenRuntimeStarted = true;
  const cfg = getConfig(); // a bad environment stops start-up here, one line per problem
  await becomeEmbeddedHost();
  if (cfg.scheduler === 'inprocess') startScheduler((line) => console.log(line));
}

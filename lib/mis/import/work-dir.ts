/**
 * Where a run keeps the bundle while it imports it: a private folder named
 * after the run, under the data directory (`<HAVEN_DATA_DIR>/tmp/imports/<run
 * id>`), never the system's shared /tmp. `withWorkDir` removes it however the
 * run ends; a folder left by a process that died is removed by the recovery
 * (./recovery.ts) at start-up and in the idle-cleanup job.
 *
 * This module also knows which runs this process is working on right now and
 * names the process (`runnerId`), so the recovery can tell a live run from
 * one whose process is gone.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getConfig } from '@/lib/config';

const g = globalThis as unknown as { __havenImportRunner?: { id: string; active: Set<string> } };
// On globalThis: a development server may load this module twice, and both copies must agree.
const runner = (g.__havenImportRunner ??= {
  id: `${os.hostname().slice(0, 100)}/${process.pid}/${randomBytes(6).toString('hex')}`,
  active: new Set<string>(),
});

/** This process, as recorded on the runs it starts: host, pid and a random part (pids are reused). */
export function runnerId(): string {
  return runner.id;
}

/** Runs this process is working on now (from the moment their folder exists until it is removed). */
export function activeRunIds(): ReadonlySet<string> {
  return runner.active;
}

export function importWorkRoot(): string {
  return path.join(getConfig().dataDir, 'tmp', 'imports');
}

/** Runs `fn` with a fresh private folder for the run, and removes the folder afterwards, whatever happens. */
export async function withWorkDir<T>(runId: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const root = importWorkRoot();
  fs.mkdirSync(root, { recursive: true, mode: 0o700 });
  const dir = path.join(root, runId);
  fs.mkdirSync(dir, { mode: 0o700 }); // fails if it exists: a run id is never reused
  runner.active.add(runId);
  try {
    return await fn(dir);
  } finally {
    runner.active.delete(runId);
    removeWorkDir(dir);
  }
}

/** Never throws: a folder that cannot be removed now (a write still closing) is removed by the recovery later. */
export function removeWorkDir(dir: string): boolean {
  try {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 });
    return true;
  } catch (e) {
    console.error(`[mis-import] could not remove ${dir}:`, e instanceof Error ? e.message : e);
    return false;
  }
}

/** Builds the Next.js app when there is no build or the sources changed since the last one. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = process.cwd();
export const nextBin = path.join(root, 'node_modules', '.bin', 'next');
export const tsxBin = path.join(root, 'node_modules', '.bin', 'tsx');

const SOURCES = [
  'app',
  'lib',
  'db/schema',
  'db/client.ts',
  'db/scoped.ts',
  'db/privileged.ts',
  'public',
  'proxy.ts',
  'instrumentation.ts',
  'next.config.mjs',
  'package-lock.json',
  'postcss.config.mjs',
];

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

export function needsBuild(): boolean {
  const stamp = path.join(root, '.next', 'BUILD_ID');
  if (!fs.existsSync(stamp)) return true;
  const built = fs.statSync(stamp).mtimeMs;
  return SOURCES.some((s) => newestMtime(path.join(root, s)) > built);
}

export function buildIfNeeded(log: (line: string) => void): void {
  if (!needsBuild()) return;
  log('Building the app (first run or sources changed; about a minute)…');
  const build = spawnSync(nextBin, ['build'], {
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (build.status !== 0) throw new Error('next build failed');
}

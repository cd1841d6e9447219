import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const PERIOD_SECONDS = 30;

/** The code for a base32 secret at a 30-second step, computed the way a phone would (Debian's oathtool). */
function totpAt(secret: string, step: number): string {
  const args = ['--totp', '-b', secret.replace(/\s+/g, ''), `--now=@${step * PERIOD_SECONDS + PERIOD_SECONDS / 2}`];
  return execFileSync('oathtool', args, { encoding: 'utf8' }).trim();
}

const currentStep = (): number => Math.floor(Date.now() / 1000 / PERIOD_SECONDS);

/** The current code, without recording it: for tests that type a code on purpose twice (a replay). */
export function totpNow(secret: string): string {
  return totpAt(secret, currentStep());
}

/**
 * The last step each secret has used in this run, kept in the run's data
 * directory so every spec file (and a restarted worker) sees it; in memory
 * when a spec runs without one.
 */
const memory = new Map<string, number>();
const ledger = (): string | null =>
  process.env.HAVEN_E2E_DATA_DIR ? path.join(process.env.HAVEN_E2E_DATA_DIR, 'totp-steps.json') : null;

function readSteps(): Record<string, number> {
  const file = ledger();
  if (!file) return Object.fromEntries(memory);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}

function recordStep(secret: string, step: number): void {
  const file = ledger();
  if (!file) {
    memory.set(secret, step);
    return;
  }
  fs.writeFileSync(file, JSON.stringify({ ...readSteps(), [secret]: step }));
}

/**
 * A code no earlier code of this run used. The server accepts the steps
 * either side of now and refuses any step not later than the last one it
 * accepted (lib/auth/totp.ts), so after a code of this step the next one may
 * be the following step's; only a third use within the same half-minute waits
 * for the clock. Waiting blindly for a fresh step cost every elevation 15 s on
 * average.
 */
export async function freshTotp(secret: string): Promise<string> {
  const key = secret.replace(/\s+/g, '');
  const last = readSteps()[key];
  let step = currentStep();
  if (last !== undefined && last >= step) {
    if (last > step) {
      // Both this step and the next are spent: wait until the next one is "now", then use the one after.
      const ms = last * PERIOD_SECONDS * 1000 - Date.now() + 200;
      if (ms > 0) await new Promise((r) => setTimeout(r, ms));
      step = currentStep();
    }
    step = Math.max(step, last) + 1;
  }
  recordStep(key, step);
  return totpAt(key, step);
}

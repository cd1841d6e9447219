/**
 * One process at a time may open the embedded PGlite directory: two processes
 * on one directory corrupt it silently. The owner writes its pid to a lock file
 * beside the directory; a lock whose process has died is stale and is taken over.
 * Command-line tools that find a live owner send their command to it instead
 * (lib/cli/control-*.ts).
 */
import fs from 'node:fs';
import path from 'node:path';

export class EmbeddedDatabaseBusyError extends Error {
  constructor(readonly ownerPid: number) {
    super(`The embedded database is open in another Haven process (pid ${ownerPid}).`);
    this.name = 'EmbeddedDatabaseBusyError';
  }
}

export const lockPathFor = (dataDir: string) => `${dataDir}.lock`;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid holding the lock, or null when the lock is free or stale. */
export function readLockOwner(dataDir: string): number | null {
  try {
    const pid = Number.parseInt(fs.readFileSync(lockPathFor(dataDir), 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid) ? pid : null;
  } catch {
    return null;
  }
}

/** Takes the lock or throws EmbeddedDatabaseBusyError. Returns the release function. */
export function acquireEmbeddedLock(dataDir: string): () => void {
  const file = lockPathFor(dataDir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx', mode: 0o600 });
      const release = () => {
        try {
          if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = readLockOwner(dataDir);
      if (owner !== null) throw new EmbeddedDatabaseBusyError(owner);
      // Stale: its process is gone. Remove and try again (another process may win the race).
      try {
        fs.unlinkSync(file);
      } catch {
        /* someone else removed it */
      }
    }
  }
  throw new Error(`Could not take the embedded database lock at ${file}.`);
}

/** Waits for another process to release the lock (a short CLI run), then takes it. */
export async function acquireEmbeddedLockWaiting(dataDir: string, timeoutMs: number): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return acquireEmbeddedLock(dataDir);
    } catch (e) {
      if (!(e instanceof EmbeddedDatabaseBusyError) || Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

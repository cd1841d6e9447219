/**
 * The local master key: from configuration (HAVEN_MASTER_KEY) or from a key
 * file (`.data/master.key`) created on first use.
 *
 * Losing or replacing this key makes every stored file unreadable, so the file
 * is never overwritten: it is created atomically and exclusively (written to a
 * temporary file, then hard-linked into place, which fails if the name exists),
 * and whoever loses a creation race reads the winner's key.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { link, mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';

const KEY_BYTES = 32;
const BASE64_KEY = /^[A-Za-z0-9+/]{43}=$/;
const READ_RETRIES = 20;
const READ_RETRY_MS = 50;

function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

/** Decodes a base64 32-byte key, refusing anything else (a short key would silently weaken every file). */
export function decodeMasterKey(base64: string, source: string): Buffer {
  const trimmed = base64.trim();
  const key = Buffer.from(trimmed, 'base64');
  if (!BASE64_KEY.test(trimmed) || key.length !== KEY_BYTES) {
    throw new Error(`${source} must hold 32 random bytes in base64 (openssl rand -base64 32)`);
  }
  return key;
}

async function writeNewFile(file: string, content: string, flag: 'wx'): Promise<void> {
  const handle = await open(file, flag, 0o600);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Creates the key file unless it exists; returns without error if another process created it first. */
async function createKeyFile(file: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const content = `${randomBytes(KEY_BYTES).toString('base64')}\n`;
  const tmp = `${file}.${randomUUID()}.tmp`;
  await writeNewFile(tmp, content, 'wx');
  try {
    // link() publishes a complete file under the final name, and fails with EEXIST instead of replacing it.
    await link(tmp, file);
  } catch (err) {
    const code = errorCode(err);
    if (code === 'EEXIST') return;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
    // File systems without hard links: exclusive create is still never an overwrite.
    try {
      await writeNewFile(file, content, 'wx');
    } catch (err2) {
      if (errorCode(err2) !== 'EEXIST') throw err2;
    }
  } finally {
    await rm(tmp, { force: true });
  }
}

/**
 * Reads the key file, creating it (0600, folder 0700) on first use. Every caller,
 * including the loser of a creation race, returns the key that is on disk.
 */
export async function loadOrCreateKeyFile(file: string): Promise<Buffer> {
  for (let attempt = 0; ; attempt++) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if (errorCode(err) !== 'ENOENT' || attempt >= READ_RETRIES) throw err;
      await createKeyFile(file);
      continue;
    }
    // Empty only in the moment between another process's exclusive create and its write (no-hard-link fallback).
    if (text.trim() === '' && attempt < READ_RETRIES) {
      await new Promise((resolve) => setTimeout(resolve, READ_RETRY_MS));
      continue;
    }
    return decodeMasterKey(text, `The master key file ${file} (it is never replaced automatically)`);
  }
}

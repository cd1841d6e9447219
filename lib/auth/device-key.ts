/**
 * The key that signs device tokens (device-token.ts). It is a data key from
 * the configured key provider (local master key or KMS), stored wrapped in
 * `server_keys`: every instance uses the same one, a copy of the database
 * alone cannot forge tokens, and no new secret has to be configured. Made on
 * first use; two instances racing to make it both end up with the one stored
 * first. Unwrapped once per process.
 */
import 'server-only';
import { eq } from 'drizzle-orm';
import { inNoSchool } from '@/db/scoped';
import { serverKeys } from '@/db/schema';
import { getKeyProvider, type KeyProvider } from '@/lib/crypto';

const PURPOSE = 'device-token';
const CONTEXT = { purpose: 'server-key', key: PURPOSE };

let cached: { provider: KeyProvider; key: Promise<Buffer> } | undefined;

/**
 * The device-token key, or null when it cannot be had (the key provider is
 * unreachable, or the stored key was wrapped by another master key). Sign-in
 * must not depend on it: without it every browser is simply an unknown one,
 * throttled per account as before, and the fault is logged.
 */
export async function deviceTokenKey(): Promise<Buffer | null> {
  const provider = getKeyProvider();
  let entry = cached;
  if (entry?.provider !== provider) {
    const made = { provider, key: loadKey(provider) };
    entry = cached = made;
    // A failure is retried on the next sign-in rather than remembered.
    made.key.catch(() => {
      if (cached === made) cached = undefined;
    });
  }
  try {
    return await entry.key;
  } catch (error) {
    console.error(
      'device tokens: the signing key could not be loaded; every browser counts as unknown until it can',
      error,
    );
    return null;
  }
}

async function loadKey(provider: KeyProvider): Promise<Buffer> {
  let stored = await readStored();
  if (!stored) {
    const made = await provider.generateDataKey(CONTEXT);
    made.plaintext.fill(0); // the stored copy is the one every instance uses
    await inNoSchool((tx) =>
      tx
        .insert(serverKeys)
        .values({ purpose: PURPOSE, wrappedKey: made.wrapped.toString('base64'), keyProvider: provider.id })
        .onConflictDoNothing(),
    );
    stored = await readStored();
    if (!stored) throw new Error('The device-token key was not stored.');
  }
  return provider.unwrapDataKey(Buffer.from(stored.wrappedKey, 'base64'), CONTEXT);
}

async function readStored(): Promise<{ wrappedKey: string } | undefined> {
  const rows = await inNoSchool((tx) =>
    tx.select({ wrappedKey: serverKeys.wrappedKey }).from(serverKeys).where(eq(serverKeys.purpose, PURPOSE)),
  );
  return rows[0];
}

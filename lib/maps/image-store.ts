/**
 * A map's picture at rest: encrypted with a key of its own bound to the
 * school and the map (lib/crypto), the ciphertext in blob storage
 * (lib/storage), what decrypts it on the map's row. A picture copied onto
 * another map's or another school's row fails to decrypt.
 */
import 'server-only';
import { decryptEnvelope, encryptEnvelope, getKeyProvider } from '@/lib/crypto';
import { getStorage } from '@/lib/storage';

export interface StoredImage {
  storageKey: string;
  iv: string;
  tag: string;
  wrappedKey: string;
  keyProvider: string;
}

const context = (schoolId: string, mapId: string) => ({ school: schoolId, map: mapId });

export const mapStorageKey = (schoolId: string, mapId: string) => `schools/${schoolId}/maps/${mapId}`;

export async function storeMapImage(
  schoolId: string,
  mapId: string,
  bytes: Uint8Array,
  contentType: string,
): Promise<StoredImage> {
  const env = await encryptEnvelope(getKeyProvider(), bytes, context(schoolId, mapId));
  const storageKey = mapStorageKey(schoolId, mapId);
  await getStorage().put(storageKey, env.ciphertext, { contentType });
  return {
    storageKey,
    iv: env.iv.toString('base64'),
    tag: env.tag.toString('base64'),
    wrappedKey: env.wrappedKey.toString('base64'),
    keyProvider: env.keyProvider,
  };
}

/** Removes a picture whose row was never written (the upload's transaction failed); a failure here only leaves unreadable bytes. */
export async function discardMapImage(storageKey: string): Promise<void> {
  await getStorage()
    .delete(storageKey)
    .catch((e: unknown) => console.error('[maps] could not remove an unsaved map image', storageKey, e));
}

export async function loadMapImage(schoolId: string, mapId: string, stored: StoredImage): Promise<Buffer | null> {
  const ciphertext = await getStorage().get(stored.storageKey);
  if (!ciphertext) return null;
  return decryptEnvelope(
    getKeyProvider(),
    {
      ciphertext: Buffer.from(ciphertext),
      iv: Buffer.from(stored.iv, 'base64'),
      tag: Buffer.from(stored.tag, 'base64'),
      wrappedKey: Buffer.from(stored.wrappedKey, 'base64'),
      keyProvider: stored.keyProvider,
    },
    context(schoolId, mapId),
  );
}

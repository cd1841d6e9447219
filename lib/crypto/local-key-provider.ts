/**
 * Key provider for embedded and self-hosted installs: data keys are wrapped
 * with AES-256-GCM under a 32-byte master key held by this process.
 *
 * Wrapped key layout (65 bytes):
 *   version (1, = 1) | key id (4) | IV (12) | GCM tag (16) | encrypted data key (32)
 * The key id is an HMAC of the master key, so a key wrapped under a different
 * master key is reported as such instead of as generic corruption, without
 * revealing anything about the key. The encryption context is the GCM
 * additional data, so unwrapping with another context fails.
 */
import 'server-only';
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { Config } from '../config';
import { aadFor } from './context';
import { decodeMasterKey, loadOrCreateKeyFile } from './master-key-file';
import { DecryptionError, type DataKey, type EncryptionContext, type KeyProvider } from './types';

export type LocalKeyConfig = Extract<Config['keys'], { provider: 'local' }>;

const VERSION = 1;
const KEY_ID_BYTES = 4;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const DATA_KEY_BYTES = 32;
const WRAPPED_BYTES = 1 + KEY_ID_BYTES + IV_BYTES + TAG_BYTES + DATA_KEY_BYTES;
const PURPOSE = 'haven/local-wrap/v1';

function keyIdOf(masterKey: Buffer): Buffer {
  return createHmac('sha256', masterKey).update('haven/local-key-id').digest().subarray(0, KEY_ID_BYTES);
}

export function createLocalKeyProvider(cfg: Pick<LocalKeyConfig, 'masterKey' | 'keyFile'>): KeyProvider {
  // Loaded once, on first use (never at import, so `next build` touches no key file).
  let master: Promise<{ key: Buffer; id: Buffer }> | undefined;
  function getMaster() {
    master ??= (async () => {
      const key = cfg.masterKey
        ? decodeMasterKey(cfg.masterKey, 'HAVEN_MASTER_KEY')
        : await loadOrCreateKeyFile(cfg.keyFile);
      return { key, id: keyIdOf(key) };
    })();
    // A failed load (e.g. unreadable file) is retried next time rather than cached forever.
    master.catch(() => {
      master = undefined;
    });
    return master;
  }

  return {
    id: 'local',

    async generateDataKey(context: EncryptionContext): Promise<DataKey> {
      const aad = aadFor(PURPOSE, context);
      const { key, id } = await getMaster();
      const plaintext = randomBytes(DATA_KEY_BYTES);
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad);
      const encrypted = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      const wrapped = Buffer.concat([Buffer.of(VERSION), id, iv, cipher.getAuthTag(), encrypted]);
      return { plaintext, wrapped };
    },

    async unwrapDataKey(wrapped: Buffer, context: EncryptionContext): Promise<Buffer> {
      const aad = aadFor(PURPOSE, context);
      const { key, id } = await getMaster();
      if (wrapped.length !== WRAPPED_BYTES || wrapped[0] !== VERSION) {
        throw new DecryptionError(
          'Wrapped data key is not in the local key format (corrupted, or made by another key provider)',
        );
      }
      let offset = 1;
      const keyId = wrapped.subarray(offset, (offset += KEY_ID_BYTES));
      const iv = wrapped.subarray(offset, (offset += IV_BYTES));
      const tag = wrapped.subarray(offset, (offset += TAG_BYTES));
      const encrypted = wrapped.subarray(offset);
      if (!keyId.equals(id)) {
        throw new DecryptionError(
          'Data key was wrapped with a different master key (was HAVEN_MASTER_KEY or the master key file changed?)',
        );
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(aad);
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(encrypted), decipher.final()]);
      } catch (err) {
        throw new DecryptionError('Data key could not be unwrapped: wrong encryption context, or corrupted', {
          cause: err,
        });
      }
    },
  };
}

/**
 * Envelope encryption for files: a fresh 256-bit data key per object,
 * AES-256-GCM with a random 12-byte IV, the data key wrapped by the key
 * provider. The encryption context is bound twice: into the wrapped key (by the
 * provider) and as GCM additional data of the object itself.
 */
import 'server-only';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { aadFor } from './context';
import { DecryptionError, type EncryptionContext, type Envelope, type KeyProvider } from './types';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const PURPOSE = 'haven/envelope/v1';

export async function encryptEnvelope(
  provider: KeyProvider,
  plaintext: Uint8Array,
  context: EncryptionContext,
): Promise<Envelope> {
  const aad = aadFor(PURPOSE, context); // validates the context before any key is made
  const dataKey = await provider.generateDataKey(context);
  try {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', dataKey.plaintext, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aad);
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { ciphertext, iv, tag: cipher.getAuthTag(), wrappedKey: dataKey.wrapped, keyProvider: provider.id };
  } finally {
    dataKey.plaintext.fill(0); // do not leave the key in memory longer than needed
  }
}

export async function decryptEnvelope(
  provider: KeyProvider,
  env: Envelope,
  context: EncryptionContext,
): Promise<Buffer> {
  const aad = aadFor(PURPOSE, context);
  if (env.keyProvider !== provider.id) {
    throw new DecryptionError(
      `This object was encrypted with the "${env.keyProvider}" key provider but this server uses "${provider.id}"`,
    );
  }
  // GCM would accept shorter tags and other IV sizes; refuse them so a truncated tag cannot weaken the check.
  if (env.iv.length !== IV_BYTES) throw new DecryptionError(`IV must be ${IV_BYTES} bytes`);
  if (env.tag.length !== TAG_BYTES) throw new DecryptionError(`Authentication tag must be ${TAG_BYTES} bytes`);
  const key = await provider.unwrapDataKey(env.wrappedKey, context);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, env.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(env.tag);
    return Buffer.concat([decipher.update(env.ciphertext), decipher.final()]);
  } catch (err) {
    throw new DecryptionError('Object could not be decrypted: wrong encryption context, or corrupted', { cause: err });
  } finally {
    key.fill(0);
  }
}

/**
 * Small secrets (TOTP secrets, API tokens) kept in one database column: an
 * envelope packed into a single base64url string (no padding, so it is also
 * safe in URLs and never needs escaping).
 *
 * Layout before encoding:
 *   version (1, = 1) | provider (1: 1 local, 2 kms) | wrapped key length (2, big-endian)
 *   | wrapped key | IV (12) | tag (16) | ciphertext
 */
import 'server-only';
import { decryptEnvelope, encryptEnvelope } from './envelope';
import { DecryptionError, type EncryptionContext, type KeyProvider } from './types';

const VERSION = 1;
const PROVIDER_CODES = { local: 1, kms: 2 } as const;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 4;

function providerName(code: number | undefined): string {
  const entry = Object.entries(PROVIDER_CODES).find(([, c]) => c === code);
  if (!entry) throw new DecryptionError('Encrypted string names an unknown key provider');
  return entry[0];
}

export async function encryptString(
  provider: KeyProvider,
  plaintext: string,
  context: EncryptionContext,
): Promise<string> {
  const env = await encryptEnvelope(provider, Buffer.from(plaintext, 'utf8'), context);
  if (env.wrappedKey.length > 0xffff) throw new Error('Wrapped key too long for the compact string format');
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt8(VERSION, 0);
  header.writeUInt8(PROVIDER_CODES[provider.id], 1);
  header.writeUInt16BE(env.wrappedKey.length, 2);
  return Buffer.concat([header, env.wrappedKey, env.iv, env.tag, env.ciphertext]).toString('base64url');
}

export async function decryptString(
  provider: KeyProvider,
  encrypted: string,
  context: EncryptionContext,
): Promise<string> {
  if (typeof encrypted !== 'string' || !/^[A-Za-z0-9_-]+$/.test(encrypted)) {
    throw new DecryptionError('Not an encrypted string (expected base64url)');
  }
  const raw = Buffer.from(encrypted, 'base64url');
  if (raw.length < HEADER_BYTES || raw.readUInt8(0) !== VERSION) {
    throw new DecryptionError('Encrypted string has an unknown format version');
  }
  const keyProvider = providerName(raw.readUInt8(1));
  const wrappedLength = raw.readUInt16BE(2);
  if (raw.length < HEADER_BYTES + wrappedLength + IV_BYTES + TAG_BYTES) {
    throw new DecryptionError('Encrypted string is truncated');
  }
  let offset = HEADER_BYTES;
  const wrappedKey = raw.subarray(offset, (offset += wrappedLength));
  const iv = raw.subarray(offset, (offset += IV_BYTES));
  const tag = raw.subarray(offset, (offset += TAG_BYTES));
  const ciphertext = raw.subarray(offset);
  const plaintext = await decryptEnvelope(provider, { ciphertext, iv, tag, wrappedKey, keyProvider }, context);
  return plaintext.toString('utf8');
}

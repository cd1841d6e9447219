import type { EncryptionContext } from './types';

/**
 * Checks an encryption context: at least one entry (an unbound ciphertext could
 * be moved between records unnoticed), non-empty string keys, string values.
 * KMS has the same shape, so the check is identical for every provider.
 */
export function assertValidContext(context: EncryptionContext): void {
  if (typeof context !== 'object' || context === null || Array.isArray(context)) {
    throw new TypeError('Encryption context must be an object of strings');
  }
  const entries = Object.entries(context);
  if (entries.length === 0) {
    throw new TypeError('Encryption context must name what the data belongs to (at least one entry)');
  }
  for (const [key, value] of entries) {
    if (key === '') throw new TypeError('Encryption context keys must not be empty');
    if (typeof value !== 'string') throw new TypeError(`Encryption context value for "${key}" must be a string`);
  }
}

/**
 * One byte string per context, whatever the key order of the object literal:
 * JSON of the [key, value] pairs sorted by key. JSON quoting keeps it
 * unambiguous (no pair of different contexts encodes the same).
 */
export function canonicalContext(context: EncryptionContext): Buffer {
  assertValidContext(context);
  const pairs = Object.entries(context).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Buffer.from(JSON.stringify(pairs), 'utf8');
}

/** Additional authenticated data: a purpose label (so one use's ciphertext is not valid in another) plus the context. */
export function aadFor(purpose: string, context: EncryptionContext): Buffer {
  return Buffer.concat([Buffer.from(`${purpose}\n`, 'utf8'), canonicalContext(context)]);
}

/**
 * Names what an encrypted value belongs to, e.g. `{ school: '…', document: '…' }`.
 * It is bound into every encryption (as AES-GCM additional data, and as the KMS
 * encryption context), so a ciphertext copied to another record — another
 * school's document row, say — fails to decrypt instead of leaking.
 */
export type EncryptionContext = Record<string, string>;

export interface DataKey {
  /** 32 bytes for AES-256; wipe after use. */
  plaintext: Buffer;
  /** The same key encrypted by the provider; safe to store next to the data. */
  wrapped: Buffer;
}

/** Wraps and unwraps per-object data keys: the local master key, or AWS KMS. */
export interface KeyProvider {
  id: 'local' | 'kms';
  generateDataKey(context: EncryptionContext): Promise<DataKey>;
  /** Throws (DecryptionError for a bad key or context) rather than returning a wrong key. */
  unwrapDataKey(wrapped: Buffer, context: EncryptionContext): Promise<Buffer>;
}

/** One encrypted object: the blob store keeps `ciphertext`, the database keeps the rest. */
export interface Envelope {
  ciphertext: Buffer;
  iv: Buffer; // 12 bytes
  tag: Buffer; // 16 bytes
  wrappedKey: Buffer;
  keyProvider: string; // KeyProvider['id'] that wrapped the key
}

/**
 * Decryption refused: wrong key, wrong context, or tampered/corrupted data.
 * Deliberately does not say which, beyond what helps an operator.
 */
export class DecryptionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DecryptionError';
  }
}

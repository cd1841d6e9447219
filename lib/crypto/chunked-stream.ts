/**
 * Streaming envelope encryption for large files (the document vault): a fresh
 * data key per file, wrapped by the key provider with the file's encryption
 * context; the bytes cut into fixed-size chunks, each sealed by AES-256-GCM
 * with its own tag. A single GCM tag over a whole file could only be checked
 * after every byte had been handed on; per-chunk tags let decryption release
 * a chunk only once it is verified, so a flipped byte stops the stream with an
 * error instead of delivering corrupted data.
 *
 * Stored layout:
 *   header (16): "HVC1" | chunk size (4, big-endian) | nonce prefix (8, random per file)
 *   then chunks: ciphertext (chunk size bytes, the last 0..chunk size) | tag (16)
 * Chunk nonce (12) = nonce prefix (7 of the 8) | counter (4, big-endian) | last flag (1)
 * — the 8th prefix byte is reserved (zero). Additional data = purpose + context
 * + header, so the header, the file's identity, each chunk's position and which
 * chunk ends the file are all authenticated: reordered, dropped, appended or
 * truncated chunks fail, including a cut exactly at a chunk boundary (the
 * chunk then read as last was sealed as not last).
 */
import 'server-only';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { aadFor } from './context';
import { DecryptionError, type EncryptionContext, type KeyProvider } from './types';

export const CHUNKED_VERSION = 1;
export const DEFAULT_CHUNK_BYTES = 64 * 1024;
const MAGIC = Buffer.from('HVC1', 'latin1');
const HEADER_BYTES = 16;
const TAG_BYTES = 16;
const PURPOSE = 'haven/chunked/v1';
const MAX_CHUNKS = 0xffffffff;

/** What the database keeps to read the stream back (besides the storage key). */
export interface ChunkedKeyInfo {
  wrappedKey: Buffer;
  keyProvider: KeyProvider['id'];
  version: number;
  chunkBytes: number;
}

function nonceFor(prefix: Buffer, counter: number, last: boolean): Buffer {
  const nonce = Buffer.alloc(12);
  prefix.copy(nonce, 0, 0, 7);
  nonce.writeUInt32BE(counter, 7);
  nonce[11] = last ? 1 : 0;
  return nonce;
}

/** Collects pieces until more than `size` bytes are held, then gives them back `size` at a time. */
class Pending {
  private parts: Buffer[] = [];
  bytes = 0;
  push(b: Buffer) {
    this.parts.push(b);
    this.bytes += b.length;
  }
  /** Removes and returns the first `n` bytes. */
  take(n: number): Buffer {
    const all = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    const head = all.subarray(0, n);
    const rest = all.subarray(n);
    this.parts = rest.length ? [rest] : [];
    this.bytes = rest.length;
    return head;
  }
}

/**
 * A transform that encrypts what is written to it, with the key info to store
 * beside the blob. The data key is wiped when the stream ends or fails.
 */
export async function createChunkedEncryptor(
  provider: KeyProvider,
  context: EncryptionContext,
  chunkBytes = DEFAULT_CHUNK_BYTES,
): Promise<{ stream: Transform; info: ChunkedKeyInfo }> {
  if (!Number.isInteger(chunkBytes) || chunkBytes < 16 || chunkBytes > 16 * 1024 * 1024) {
    throw new RangeError('Chunk size must be between 16 bytes and 16 MiB');
  }
  const baseAad = aadFor(PURPOSE, context);
  const dataKey = await provider.generateDataKey(context);
  const key = dataKey.plaintext;
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, 0);
  header.writeUInt32BE(chunkBytes, 4);
  randomBytes(7).copy(header, 8);
  const aad = Buffer.concat([baseAad, header]);
  const prefix = header.subarray(8);
  const pending = new Pending();
  let counter = 0;
  let headerSent = false;

  const seal = (plain: Buffer, last: boolean): Buffer => {
    if (counter >= MAX_CHUNKS) throw new RangeError('File too large for its chunk size');
    const cipher = createCipheriv('aes-256-gcm', key, nonceFor(prefix, counter++, last), { authTagLength: TAG_BYTES });
    cipher.setAAD(aad);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([body, cipher.getAuthTag()]);
  };
  const sendHeader = (t: Transform) => {
    if (!headerSent) t.push(header);
    headerSent = true;
  };

  const stream = new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      try {
        sendHeader(this);
        pending.push(chunk);
        // Strictly more than a chunk held: the one taken now is certainly not the last.
        while (pending.bytes > chunkBytes) this.push(seal(pending.take(chunkBytes), false));
        done();
      } catch (e) {
        done(e as Error);
      }
    },
    flush(done: TransformCallback) {
      try {
        sendHeader(this);
        this.push(seal(pending.take(pending.bytes), true));
        key.fill(0);
        done();
      } catch (e) {
        done(e as Error);
      }
    },
  });
  stream.once('close', () => key.fill(0));
  stream.once('error', () => key.fill(0));
  return {
    stream,
    info: { wrappedKey: dataKey.wrapped, keyProvider: provider.id, version: CHUNKED_VERSION, chunkBytes },
  };
}

/**
 * A transform that decrypts a stored stream, emitting each chunk only after its
 * tag is verified; any failure (wrong key or context, tampering, truncation)
 * errors the stream with a DecryptionError.
 */
export async function createChunkedDecryptor(
  provider: KeyProvider,
  info: ChunkedKeyInfo,
  context: EncryptionContext,
): Promise<Transform> {
  const baseAad = aadFor(PURPOSE, context);
  if (info.keyProvider !== provider.id) {
    throw new DecryptionError(
      `This file was encrypted with the "${info.keyProvider}" key provider but this server uses "${provider.id}"`,
    );
  }
  if (info.version !== CHUNKED_VERSION) throw new DecryptionError(`Unknown chunked format version ${info.version}`);
  const key = await provider.unwrapDataKey(info.wrappedKey, context);
  const sealedBytes = info.chunkBytes + TAG_BYTES;
  const pending = new Pending();
  let header: { aad: Buffer; prefix: Buffer } | null = null;
  let counter = 0;

  const open = (sealed: Buffer, last: boolean): Buffer => {
    if (!header) throw new DecryptionError('File is shorter than its header: truncated');
    if (sealed.length < TAG_BYTES) throw new DecryptionError('File ends inside a chunk: truncated');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, nonceFor(header.prefix, counter++, last), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(header.aad);
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      const plain = decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES));
      decipher.final(); // throws before `plain` is released when the chunk is not authentic
      return plain;
    } catch (err) {
      throw new DecryptionError(`Chunk ${counter - 1} failed its integrity check: the file is corrupted or truncated`, {
        cause: err,
      });
    }
  };
  const readHeader = () => {
    if (header || pending.bytes < HEADER_BYTES) return;
    const h = Buffer.from(pending.take(HEADER_BYTES));
    if (!h.subarray(0, 4).equals(MAGIC) || h.readUInt32BE(4) !== info.chunkBytes || h[15] !== 0) {
      throw new DecryptionError('File header does not match its record: corrupted or not this file');
    }
    header = { aad: Buffer.concat([baseAad, h]), prefix: h.subarray(8) };
  };

  const stream = new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      try {
        pending.push(chunk);
        readHeader();
        if (header) while (pending.bytes > sealedBytes) this.push(open(pending.take(sealedBytes), false));
        done();
      } catch (e) {
        key.fill(0);
        done(e as Error);
      }
    },
    flush(done: TransformCallback) {
      try {
        readHeader();
        this.push(open(pending.take(pending.bytes), true));
        key.fill(0);
        done();
      } catch (e) {
        key.fill(0);
        done(e as Error);
      }
    },
  });
  stream.once('close', () => key.fill(0));
  return stream;
}

/** Size of the stored blob for a plaintext of `bytes` (for checks and tests). */
export function chunkedSize(bytes: number, chunkBytes = DEFAULT_CHUNK_BYTES): number {
  const chunks = Math.max(1, Math.ceil(bytes / chunkBytes));
  return HEADER_BYTES + bytes + chunks * TAG_BYTES;
}

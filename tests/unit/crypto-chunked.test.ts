/**
 * Chunked streaming encryption (lib/crypto/chunked-stream.ts): round trips at
 * and around chunk boundaries, and every kind of damage to the stored stream
 * — a flipped byte, truncation (inside a chunk and exactly at a boundary),
 * appended bytes, swapped chunks, another file's context — stops the stream
 * with a DecryptionError before any byte of the damaged chunk is released.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import {
  DecryptionError,
  chunkedSize,
  createChunkedDecryptor,
  createChunkedEncryptor,
  createLocalKeyProvider,
  type ChunkedKeyInfo,
  type KeyProvider,
} from '@/lib/crypto';

const provider: KeyProvider = createLocalKeyProvider({
  masterKey: randomBytes(32).toString('base64'),
  keyFile: '/nonexistent/never-used.key',
});
const ctx = { school: 'school-1', document: 'doc-1' };
const CHUNK = 1024;

function pieces(b: Buffer, size: number): Readable {
  const out: Buffer[] = [];
  for (let at = 0; at < b.length; at += size) out.push(b.subarray(at, at + size));
  return Readable.from(out);
}

async function encrypt(plain: Buffer): Promise<{ blob: Buffer; info: ChunkedKeyInfo }> {
  const { stream, info } = await createChunkedEncryptor(provider, ctx, CHUNK);
  const out: Buffer[] = [];
  await pipeline(pieces(plain, 333), stream, async (source: AsyncIterable<Buffer>) => {
    for await (const c of source) out.push(c);
  });
  return { blob: Buffer.concat(out), info };
}

/** Decrypts, returning what was released before any error. */
async function decrypt(blob: Buffer, info: ChunkedKeyInfo, context = ctx): Promise<{ plain: Buffer; error: unknown }> {
  const out: Buffer[] = [];
  try {
    const d = await createChunkedDecryptor(provider, info, context);
    await pipeline(pieces(blob, 500), d, async (source: AsyncIterable<Buffer>) => {
      for await (const c of source) out.push(c);
    });
    return { plain: Buffer.concat(out), error: null };
  } catch (error) {
    return { plain: Buffer.concat(out), error };
  }
}

describe('chunked streaming encryption', () => {
  it.each([0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 5 * CHUNK + 17])(
    'round-trips %i bytes, and the blob is ciphertext of the expected size',
    async (n) => {
      const plain = randomBytes(n);
      const { blob, info } = await encrypt(plain);
      expect(blob.length).toBe(chunkedSize(n, CHUNK));
      if (n >= 32) expect(blob.includes(plain.subarray(0, 32))).toBe(false);
      const { plain: back, error } = await decrypt(blob, info);
      expect(error).toBeNull();
      expect(back.equals(plain)).toBe(true);
    },
  );

  it('does not contain a known plaintext phrase', async () => {
    const phrase = Buffer.from('Disclosure made to the DSL on Tuesday morning. '.repeat(200));
    const { blob } = await encrypt(phrase);
    expect(blob.includes(Buffer.from('Disclosure made'))).toBe(false);
  });

  it('fails loudly on a flipped byte, releasing nothing of the damaged chunk', async () => {
    const plain = randomBytes(4 * CHUNK);
    const { blob, info } = await encrypt(plain);
    // A byte inside the third chunk's ciphertext.
    const at = 16 + 2 * (CHUNK + 16) + 10;
    const bad = Buffer.from(blob);
    bad[at] = bad[at]! ^ 0x01;
    const { plain: released, error } = await decrypt(bad, info);
    expect(error).toBeInstanceOf(DecryptionError);
    // Whatever reached the reader before the error is verified plaintext: never a byte of chunk three.
    expect(released.length).toBeLessThanOrEqual(2 * CHUNK);
    expect(released.equals(plain.subarray(0, released.length))).toBe(true);
  });

  it('fails on a flipped byte in the header or a tag', async () => {
    const { blob, info } = await encrypt(randomBytes(2 * CHUNK));
    for (const at of [9, 16 + CHUNK + 3]) {
      const bad = Buffer.from(blob);
      bad[at] = bad[at]! ^ 0x80;
      expect((await decrypt(bad, info)).error).toBeInstanceOf(DecryptionError);
    }
  });

  it('detects truncation inside a chunk and exactly at a chunk boundary', async () => {
    const { blob, info } = await encrypt(randomBytes(3 * CHUNK + 5));
    for (const cut of [blob.length - 1, 16 + 2 * (CHUNK + 16), 16 + 10, 8, 0]) {
      const { error } = await decrypt(blob.subarray(0, cut), info);
      expect(error, `cut at ${cut}`).toBeInstanceOf(DecryptionError);
    }
  });

  it('detects appended bytes and swapped chunks', async () => {
    const { blob, info } = await encrypt(randomBytes(3 * CHUNK));
    expect((await decrypt(Buffer.concat([blob, randomBytes(40)]), info)).error).toBeInstanceOf(DecryptionError);
    const sealed = CHUNK + 16;
    const a = blob.subarray(16, 16 + sealed);
    const b = blob.subarray(16 + sealed, 16 + 2 * sealed);
    const swapped = Buffer.concat([blob.subarray(0, 16), b, a, blob.subarray(16 + 2 * sealed)]);
    expect((await decrypt(swapped, info)).error).toBeInstanceOf(DecryptionError);
  });

  it("refuses another file's context (a blob moved to another document or school)", async () => {
    const { blob, info } = await encrypt(randomBytes(100));
    const { error } = await decrypt(blob, info, { school: 'school-1', document: 'doc-2' });
    expect(error).toBeInstanceOf(DecryptionError);
  });
});

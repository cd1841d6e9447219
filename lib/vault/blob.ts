/**
 * A document's bytes in blob storage: encrypted as they stream in (chunked
 * envelope encryption, lib/crypto, bound to the school and the document's id)
 * while their type is read and their size counted, and decrypted as they
 * stream out, each chunk verified before it is released. Nothing holds a
 * whole file: the sniffer keeps its first and last bytes only.
 *
 * The blob is written before its row exists (the row's transaction follows);
 * a refused file's blob is removed at once, and one left by a crash or a
 * failed transaction is an orphan the idle-cleanup sweep removes.
 */
import 'server-only';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  createChunkedDecryptor,
  createChunkedEncryptor,
  getKeyProvider,
  type ChunkedKeyInfo,
  type EncryptionContext,
} from '@/lib/crypto';
import { getStorage } from '@/lib/storage';
import { ContentSniffer, checkFileType, type TypeCheck } from './file-type';
import { FileRefused } from './refusal';
import { createVirusScanStream } from './scan';

export { FileRefused };

/** Every document blob lives under this prefix, one folder per school (the orphan sweep walks it). */
export const DOCUMENTS_PREFIX = 'documents/';
export const documentKey = (schoolId: string, documentId: string) => `${DOCUMENTS_PREFIX}${schoolId}/${documentId}`;
export const documentContext = (schoolId: string, documentId: string): EncryptionContext => ({
  school: schoolId,
  document: documentId,
});

/** Where a blob is kept and what its key is bound to: a vault document's by default (lib/library keeps its own). */
export interface BlobPlace {
  storageKey: string;
  context: EncryptionContext;
}

export interface StoredBlob {
  documentId: string;
  storageKey: string;
  name: string;
  size: number;
  type: Extract<TypeCheck, { ok: true }>;
  key: ChunkedKeyInfo;
}

const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** Passes bytes on while sniffing and counting them; fails the stream as soon as the file is over the limit. */
function watch(sniffer: ContentSniffer, name: string, maxBytes: number): Transform {
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      size += chunk.length;
      if (size > maxBytes) {
        done(new FileRefused(`“${name}” is larger than ${megabytes(maxBytes)}, the most a file may be.`, 413));
        return;
      }
      sniffer.write(chunk);
      done(null, chunk);
    },
  });
}

/**
 * Encrypts and stores one incoming file under a new document id, then checks
 * what it was; a refused file is removed and FileRefused thrown. `name` must
 * already be sanitised (file-name.ts). The source is consumed (or destroyed) either way.
 */
export async function storeDocumentBlob(
  schoolId: string,
  documentId: string,
  name: string,
  source: Readable,
  maxBytes: number,
  place: BlobPlace = { storageKey: documentKey(schoolId, documentId), context: documentContext(schoolId, documentId) },
): Promise<StoredBlob> {
  const { storageKey } = place;
  const sniffer = new ContentSniffer();
  const { stream: encrypt, info } = await createChunkedEncryptor(getKeyProvider(), place.context);
  const storage = getStorage();
  // When a virus scanner is configured it sees the bytes in the same pass and
  // holds back the end of the stream until its verdict (scan.ts): an infected
  // or unscanned file fails the store, and its blob is removed below.
  const scan = createVirusScanStream(name);
  const stages = scan ? [watch(sniffer, name, maxBytes), scan] : [watch(sniffer, name, maxBytes)];
  let refusal: unknown = null;
  scan?.on('error', (e) => (refusal ??= e));
  try {
    await Promise.all([
      pipeline([source, ...stages, encrypt]),
      storage.putStream(storageKey, encrypt, { contentType: 'application/octet-stream' }),
    ]);
  } catch (err) {
    source.destroy();
    encrypt.destroy();
    await dropDocumentBlob(storageKey);
    // The store may fail first, with its own words, when the scan ends the stream: the scan's reason is the one to give.
    throw refusal instanceof FileRefused ? refusal : err;
  }
  const sniffed = sniffer.finish();
  const type = checkFileType(name, sniffed);
  if (!type.ok) {
    await dropDocumentBlob(storageKey);
    throw new FileRefused(type.message);
  }
  return { documentId, storageKey, name, size: sniffed.size, type, key: info };
}

/** Removes a blob; a failure is logged, never raised (the sweep removes what is left). */
export async function dropDocumentBlob(storageKey: string): Promise<void> {
  try {
    await getStorage().delete(storageKey);
  } catch (e) {
    console.error(`[vault] could not remove ${storageKey}`, e);
  }
}

export interface StoredDocumentRef {
  id: string;
  storageKey: string;
  cipherVersion: number;
  chunkBytes: number;
  wrappedKey: string;
  keyProvider: string;
  /** Set on a row sharing another document's blob: the id its key is bound to. */
  keyDocumentId?: string | null;
}

/**
 * The document's plaintext as a stream, or null when its blob is missing. A
 * corrupted or truncated blob errors the stream (DecryptionError) at the first
 * chunk that fails, so nothing unverified is ever sent.
 */
export async function openDocumentStream(
  schoolId: string,
  doc: StoredDocumentRef,
  context: EncryptionContext = documentContext(schoolId, doc.keyDocumentId ?? doc.id),
): Promise<Readable | null> {
  const blob = await getStorage().getStream(doc.storageKey);
  if (!blob) return null;
  let decrypt: Transform;
  try {
    decrypt = await createChunkedDecryptor(
      getKeyProvider(),
      {
        wrappedKey: Buffer.from(doc.wrappedKey, 'base64'),
        keyProvider: doc.keyProvider as ChunkedKeyInfo['keyProvider'],
        version: doc.cipherVersion,
        chunkBytes: doc.chunkBytes,
      },
      context,
    );
  } catch (err) {
    blob.destroy();
    throw err;
  }
  blob.on('error', (e) => decrypt.destroy(e));
  return blob.pipe(decrypt);
}

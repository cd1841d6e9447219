/**
 * A school's own files (the logo now): the bytes envelope-encrypted with a
 * context naming the school and the file, so a blob copied to another school's
 * or another file's key does not decrypt; the ciphertext in blob storage, the
 * rest of the envelope in `school_files`. Reading and writing rows happens in
 * the caller's transaction; blobs are written before it (an orphan is removed
 * if the transaction fails) and removed after it.
 */
import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { schoolFiles } from '@/db/schema';
import { decryptEnvelope, encryptEnvelope, getKeyProvider, type EncryptionContext } from '@/lib/crypto';
import { getStorage } from '@/lib/storage';
import type { Ctx } from '@/lib/tenancy/context';
import type { ImageType } from './image-content';

export type SchoolFilePurpose = 'logo';

export interface StoredFile {
  id: string;
  purpose: SchoolFilePurpose;
  contentType: ImageType;
  byteSize: number;
  storageKey: string;
  iv: string;
  tag: string;
  wrappedKey: string;
  keyProvider: string;
}

const context = (schoolId: string, fileId: string): EncryptionContext => ({ school: schoolId, schoolFile: fileId });
const keyOf = (schoolId: string, fileId: string) => `schools/${schoolId}/files/${fileId}`;
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

/** Encrypts and stores the bytes; returns the row to insert (in the caller's transaction). */
export async function putSchoolFile(
  schoolId: string,
  fileId: string,
  purpose: SchoolFilePurpose,
  contentType: ImageType,
  bytes: Uint8Array,
): Promise<StoredFile> {
  const env = await encryptEnvelope(getKeyProvider(), bytes, context(schoolId, fileId));
  const storageKey = keyOf(schoolId, fileId);
  await getStorage().put(storageKey, env.ciphertext, { contentType: 'application/octet-stream' });
  return {
    id: fileId,
    purpose,
    contentType,
    byteSize: bytes.length,
    storageKey,
    iv: b64(env.iv),
    tag: b64(env.tag),
    wrappedKey: b64(env.wrappedKey),
    keyProvider: env.keyProvider,
  };
}

/** Removes a blob; a failure is logged, never raised: the row already says the file is gone. */
export async function dropSchoolBlob(storageKey: string): Promise<void> {
  try {
    await getStorage().delete(storageKey);
  } catch (e) {
    console.error(`[school-files] could not remove ${storageKey}`, e);
  }
}

const fileColumns = {
  id: schoolFiles.id,
  purpose: schoolFiles.purpose,
  contentType: schoolFiles.contentType,
  byteSize: schoolFiles.byteSize,
  storageKey: schoolFiles.storageKey,
  iv: schoolFiles.iv,
  tag: schoolFiles.tag,
  wrappedKey: schoolFiles.wrappedKey,
  keyProvider: schoolFiles.keyProvider,
};

/** The school's live file for a purpose (one at most), or null. */
export async function liveSchoolFile(tx: Tx, schoolId: string, purpose: SchoolFilePurpose): Promise<StoredFile | null> {
  const [row] = await tx
    .select(fileColumns)
    .from(schoolFiles)
    .where(and(eq(schoolFiles.schoolId, schoolId), eq(schoolFiles.purpose, purpose), isNull(schoolFiles.removedAt)))
    .limit(1);
  return row ?? null;
}

/** The file's bytes, decrypted; null when its blob is missing. */
export async function readSchoolFile(schoolId: string, file: StoredFile): Promise<Uint8Array | null> {
  const ciphertext = await getStorage().get(file.storageKey);
  if (!ciphertext) return null;
  return decryptEnvelope(
    getKeyProvider(),
    {
      ciphertext: Buffer.from(ciphertext),
      iv: Buffer.from(file.iv, 'base64'),
      tag: Buffer.from(file.tag, 'base64'),
      wrappedKey: Buffer.from(file.wrappedKey, 'base64'),
      keyProvider: file.keyProvider,
    },
    context(schoolId, file.id),
  );
}

export interface SchoolLogo {
  id: string;
  contentType: ImageType;
  bytes: Uint8Array;
}

/**
 * The school's logo as stored, for the sign-in page's image and every PDF
 * header. Opens its own transaction (they do not nest): call it outside one.
 */
export async function loadSchoolLogo(ctx: Ctx): Promise<SchoolLogo | null> {
  const file = await ctx.run((tx) => liveSchoolFile(tx, ctx.school.id, 'logo'));
  if (!file) return null;
  const bytes = await readSchoolFile(ctx.school.id, file);
  return bytes ? { id: file.id, contentType: file.contentType, bytes } : null;
}

/** The school's logo's id, or null: pages show the image (and name it in its address) only when there is one. */
export async function schoolLogoId(ctx: Ctx): Promise<string | null> {
  return (await ctx.run((tx) => liveSchoolFile(tx, ctx.school.id, 'logo')))?.id ?? null;
}

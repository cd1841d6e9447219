/**
 * Where a library file's bytes live: stored exactly as a vault document's
 * (lib/vault's chunked envelope encryption, a fresh data key per file, type
 * read from the content, size counted, virus scan when configured), but under
 * `library/<school>/<file>` and with the key bound to `{ school,
 * libraryDocument }`, so the vault's orphan sweep of `documents/` never sees
 * them and neither kind of blob can be decrypted as the other.
 */
import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { libraryDocuments } from '@/db/schema';
import type { BlobPlace } from '@/lib/vault';

export const LIBRARY_PREFIX = 'library/';

export function libraryPlace(schoolId: string, documentId: string): BlobPlace {
  return {
    storageKey: `${LIBRARY_PREFIX}${schoolId}/${documentId}`,
    context: { school: schoolId, libraryDocument: documentId },
  };
}

/**
 * One live (not deleted) file of the school with what opening it needs: the
 * blob's reference and wrapped key, its name, type and size. The one read
 * behind opening a file and taking the logo from the library; the caller has
 * decided who may open it and checked the id is a UUID. Undefined when the
 * school has no such live file.
 */
export async function liveLibraryBlob(tx: Tx, schoolId: string, documentId: string) {
  const [row] = await tx
    .select({
      id: libraryDocuments.id,
      storageKey: libraryDocuments.storageKey,
      cipherVersion: libraryDocuments.cipherVersion,
      chunkBytes: libraryDocuments.chunkBytes,
      wrappedKey: libraryDocuments.wrappedKey,
      keyProvider: libraryDocuments.keyProvider,
      name: libraryDocuments.originalName,
      contentType: libraryDocuments.contentType,
      size: libraryDocuments.byteSize,
      uploadedAt: libraryDocuments.uploadedAt,
    })
    .from(libraryDocuments)
    .where(
      and(
        eq(libraryDocuments.schoolId, schoolId),
        eq(libraryDocuments.id, documentId.toLowerCase()),
        isNull(libraryDocuments.deletedAt),
      ),
    )
    .limit(1);
  return row;
}

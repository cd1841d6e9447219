/**
 * Where a library file's bytes live: stored exactly as a vault document's
 * (lib/vault's chunked envelope encryption, a fresh data key per file, type
 * read from the content, size counted, virus scan when configured), but under
 * `library/<school>/<file>` and with the key bound to `{ school,
 * libraryDocument }`, so the vault's orphan sweep of `documents/` never sees
 * them and neither kind of blob can be decrypted as the other.
 */
import 'server-only';
import type { BlobPlace } from '@/lib/vault';

export const LIBRARY_PREFIX = 'library/';

export function libraryPlace(schoolId: string, documentId: string): BlobPlace {
  return {
    storageKey: `${LIBRARY_PREFIX}${schoolId}/${documentId}`,
    context: { school: schoolId, libraryDocument: documentId },
  };
}

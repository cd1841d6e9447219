/**
 * Removing a library file for good: only through the platform operators
 * (`npm run library -- purge`), never from the school's pages, where deleting
 * is soft ("Deleted files", Restore). A school asks; an operator removes the
 * file the school has already deleted, with the reason the school gave.
 *
 * The app's database role cannot DELETE, so this runs on the named
 * privileged path ('platform-console'); every statement names the school.
 * In one transaction: the file's read receipts, then the file's row, and an
 * audit row recording the document's id, size and the reason (never its
 * name: a name may say what the file was). The encrypted bytes go after the
 * commit; if that fails, idle-cleanup's orphan sweep removes them.
 */
import 'server-only';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { privileged } from '@/db/privileged';
import { libraryDocuments, libraryReadReceipts } from '@/db/schema';
import { writeAudit } from '@/lib/audit/write';
import { UserError } from '@/lib/errors';
import { findSchoolBySlug } from '@/lib/schools/queries';
import { SUPPORT_ACTOR } from '@/lib/users/platform';
import { dropDocumentBlob } from '@/lib/vault';

const purgeInput = z.object({
  school: z.string().trim().min(1, { error: 'Name the school: --school SLUG.' }),
  document: z.uuid({ error: 'Give the file’s id: --document ID (from the school’s “Deleted files”).' }),
  reason: z
    .string()
    .trim()
    .min(5, { error: 'Give the reason the school asked for it: --reason "…" (at least 5 characters).' })
    .max(500, { error: 'Keep the reason to 500 characters.' }),
});

export interface PurgedLibraryFile {
  schoolName: string;
  documentId: string;
  byteSize: number;
}

export async function purgeLibraryDocument(
  input: { school: string; document: string; reason: string },
  now = new Date(),
): Promise<PurgedLibraryFile> {
  const data = purgeInput.parse(input);
  const school = await findSchoolBySlug(data.school);
  if (!school) throw new UserError(`There is no school “${data.school}”.`);
  const removed = await privileged(
    'platform-console',
    `permanent deletion of library file ${data.document} at ${school.slug}`,
    async (tx) => {
      const [doc] = await tx
        .select({
          id: libraryDocuments.id,
          storageKey: libraryDocuments.storageKey,
          byteSize: libraryDocuments.byteSize,
          deletedAt: libraryDocuments.deletedAt,
        })
        .from(libraryDocuments)
        .where(and(eq(libraryDocuments.schoolId, school.id), eq(libraryDocuments.id, data.document)))
        .for('update');
      if (!doc) throw new UserError(`${school.name} has no library file with that id.`);
      if (!doc.deletedAt)
        throw new UserError(
          'That file is still in the library. Someone at the school must delete it first (with a reason); then it can be removed for good.',
        );
      await tx
        .delete(libraryReadReceipts)
        .where(and(eq(libraryReadReceipts.schoolId, school.id), eq(libraryReadReceipts.documentId, doc.id)));
      await tx
        .delete(libraryDocuments)
        .where(and(eq(libraryDocuments.schoolId, school.id), eq(libraryDocuments.id, doc.id)));
      await writeAudit(tx, {
        schoolId: school.id,
        at: now,
        actorUserId: null,
        actorLabel: SUPPORT_ACTOR,
        action: 'library.document_purged',
        entityType: 'library_document',
        entityId: doc.id,
        details: { documentId: doc.id, bytes: doc.byteSize, reason: data.reason },
      });
      return doc;
    },
  );
  await dropDocumentBlob(removed.storageKey).catch(() => undefined);
  return { schoolName: school.name, documentId: removed.id, byteSize: removed.byteSize };
}

/**
 * The library as the source of the school logo (Admin → School settings):
 * which library files could be the logo (live PNG and JPEG files small
 * enough), and one such file's decrypted bytes for lib/admin to check with
 * the logo rules and store as the logo. Reading a file here is a read of the
 * library, so it is decided as one ("library.view") and audited as the file
 * being opened.
 */
import 'server-only';
import { and, asc, eq, inArray, isNull, lte } from 'drizzle-orm';
import { libraryDocuments } from '@/db/schema';
import { accessSubjectOf, can } from '@/lib/access';
import { writeAudit } from '@/lib/audit/write';
import { NotFoundError, UserError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import type { UserCtx } from '@/lib/tenancy/context';
import { openDocumentStream } from '@/lib/vault';
import { requireLibrary } from './access';
import { libraryPlace, liveLibraryBlob } from './blob';

/** The types lib/vault's content check stores for PNG and JPEG pictures: the logo's types. */
const LOGO_TYPES = ['image/png', 'image/jpeg'];

export interface LibraryImage {
  id: string;
  name: string;
  size: number;
}

/** Live PNG and JPEG files of the library of at most `maxBytes`; none for someone who may not open the library. */
export async function libraryImages(ctx: UserCtx, maxBytes: number): Promise<LibraryImage[]> {
  if (!can(await accessSubjectOf(ctx), 'library.view')) return [];
  return ctx.run((tx) =>
    tx
      .select({ id: libraryDocuments.id, name: libraryDocuments.originalName, size: libraryDocuments.byteSize })
      .from(libraryDocuments)
      .where(
        and(
          eq(libraryDocuments.schoolId, ctx.school.id),
          isNull(libraryDocuments.deletedAt),
          inArray(libraryDocuments.contentType, LOGO_TYPES),
          lte(libraryDocuments.byteSize, maxBytes),
        ),
      )
      .orderBy(asc(libraryDocuments.originalName)),
  );
}

/**
 * The decrypted bytes of one live PNG or JPEG library file of this school, of
 * at most `maxBytes` (checked on the stored size before anything is read, and
 * again as it is read). Another school's file or a deleted one is "not found";
 * any other type is refused with a sentence.
 */
export async function libraryImageBytes(ctx: UserCtx, rawId: string, maxBytes: number): Promise<Uint8Array> {
  const subject = await requireLibrary(ctx, 'library.view');
  if (!isUuid(rawId)) throw new NotFoundError('document');
  const doc = await ctx.run(async (tx) => {
    const row = await liveLibraryBlob(tx, ctx.school.id, rawId);
    if (!row) throw new NotFoundError('document');
    if (!LOGO_TYPES.includes(row.contentType)) throw new UserError('Only a PNG or JPEG file can be the logo.');
    if (row.size > maxBytes)
      throw new UserError(`The logo must be ${Math.round(maxBytes / 1024)} KB or smaller; that file is larger.`);
    await writeAudit(tx, {
      schoolId: ctx.school.id,
      at: subject.now,
      actorUserId: ctx.user.id,
      meta: ctx.meta,
      action: 'library.document_viewed',
      entityType: 'library_document',
      entityId: row.id,
      details: { use: 'logo' },
    });
    return row;
  });
  const stream = await openDocumentStream(ctx.school.id, doc, libraryPlace(ctx.school.id, doc.id).context);
  if (!stream) throw new UserError('That file could not be read. Upload the image again.');
  const parts: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += (chunk as Buffer).length;
    if (total > maxBytes) {
      stream.destroy();
      throw new UserError(`The logo must be ${Math.round(maxBytes / 1024)} KB or smaller; that file is larger.`);
    }
    parts.push(chunk as Buffer);
  }
  return new Uint8Array(Buffer.concat(parts));
}

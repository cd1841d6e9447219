/**
 * Admin → School settings → Logo: upload (replacing any logo), an image
 * from the library instead, and removal.
 * The file is checked by its content (lib/files: PNG or JPEG, size, picture
 * dimensions) and must draw in a PDF header (lib/pdf), because every printed
 * document carries it; then it is encrypted and stored (lib/files) before the
 * transaction that makes it the school's logo, retires the old one and writes
 * the audit row. A failed transaction removes the new blob; the old blob goes
 * once the new logo is committed.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '@/db/scoped';
import { schoolFiles } from '@/db/schema';
import { UserError } from '@/lib/errors';
import { checkLogo, LOGO_MAX_BYTES } from '@/lib/files/logo-rules';
import { readLimitedForm } from '@/lib/files/limited-form';
import { dropSchoolBlob, putSchoolFile } from '@/lib/files/school-files';
import { drawableInPdf } from '@/lib/pdf/flow';
import type { Ctx, UserCtx } from '@/lib/tenancy/context';
import { recordAdminEvent } from '@/lib/audit/admin-events';
import { libraryImageBytes, libraryImages, type LibraryImage } from '@/lib/library/logo-source';
import { requireAdmin } from './guard';

/** The form field the logo arrives in. */
export const LOGO_FIELD = 'logo';

/** Room for the multipart framing around the file itself. */
const FORM_OVERHEAD = 16 * 1024;

/** One logo change at a time per school: the live-logo index would refuse the second anyway, less kindly. */
async function lockLogo(tx: Tx, schoolId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`haven:school-logo:${schoolId}`}, 0))`);
}

/** Marks the live logo removed; returns its blob's key to drop after commit. */
async function retireLiveLogo(tx: Tx, ctx: UserCtx, now: Date): Promise<{ id: string; storageKey: string } | null> {
  const [old] = await tx
    .update(schoolFiles)
    .set({ removedAt: now, removedBy: ctx.user.id })
    .where(and(eq(schoolFiles.schoolId, ctx.school.id), eq(schoolFiles.purpose, 'logo'), isNull(schoolFiles.removedAt)))
    .returning({ id: schoolFiles.id, storageKey: schoolFiles.storageKey });
  return old ?? null;
}

/** Makes `bytes` the school's logo. Throws UserError with what is wrong with the file. */
export async function replaceSchoolLogo(
  ctx: Ctx,
  bytes: Uint8Array,
  now = new Date(),
  /** Where the picture came from, when not an upload (written into the audit row). */
  source: { libraryDocumentId: string } | null = null,
): Promise<{ id: string }> {
  requireAdmin(ctx);
  const check = await checkLogo(bytes);
  if (!check.ok) throw new UserError(check.message);
  if (!(await drawableInPdf(bytes)))
    throw new UserError('That image could not be read. Save it again as a PNG or JPEG and upload that.');
  const id = randomUUID();
  const stored = await putSchoolFile(ctx.school.id, id, 'logo', check.type, bytes);
  let old: { id: string; storageKey: string } | null;
  try {
    old = await ctx.run(async (tx) => {
      await lockLogo(tx, ctx.school.id);
      const retired = await retireLiveLogo(tx, ctx, now);
      await tx
        .insert(schoolFiles)
        .values({ schoolId: ctx.school.id, ...stored, createdBy: ctx.user.id, createdAt: now });
      await recordAdminEvent(tx, ctx, {
        action: 'admin.logo_changed',
        entityType: 'school',
        entityId: ctx.school.id,
        details: {
          fileId: id,
          replaced: retired?.id ?? null,
          contentType: check.type,
          bytes: bytes.length,
          ...(source ?? {}),
        },
        at: now,
      });
      return retired;
    });
  } catch (e) {
    await dropSchoolBlob(stored.storageKey);
    throw e;
  }
  if (old) await dropSchoolBlob(old.storageKey);
  return { id };
}

export const logoFromLibraryInput = z.strictObject({
  libraryDocumentId: z.string().min(1, 'Choose an image from the library.'),
});

/**
 * "Use an image from the library": the file's decrypted bytes (lib/library
 * decides and reads it: PNG or JPEG, within the logo's size) go through the
 * same checks and storage as an upload.
 */
export async function logoFromLibrary(ctx: Ctx, input: z.infer<typeof logoFromLibraryInput>): Promise<void> {
  requireAdmin(ctx);
  const bytes = await libraryImageBytes(ctx, input.libraryDocumentId, LOGO_MAX_BYTES);
  await replaceSchoolLogo(ctx, bytes, new Date(), { libraryDocumentId: input.libraryDocumentId.toLowerCase() });
}

/** The library's pictures an administrator may choose as the logo. */
export async function libraryLogoChoices(ctx: Ctx): Promise<LibraryImage[]> {
  requireAdmin(ctx);
  return libraryImages(ctx, LOGO_MAX_BYTES);
}

/** Removes the school's logo; without one, says so and changes nothing. */
export async function removeSchoolLogo(ctx: Ctx, now = new Date()): Promise<void> {
  requireAdmin(ctx);
  const old = await ctx.run(async (tx) => {
    await lockLogo(tx, ctx.school.id);
    const retired = await retireLiveLogo(tx, ctx, now);
    if (!retired) return null;
    await recordAdminEvent(tx, ctx, {
      action: 'admin.logo_removed',
      entityType: 'school',
      entityId: ctx.school.id,
      details: { fileId: retired.id },
      at: now,
    });
    return retired;
  });
  if (!old) throw new UserError('The school has no logo to remove.');
  await dropSchoolBlob(old.storageKey);
}

export interface LogoUploadAnswer {
  status: number;
  message: string;
  ok: boolean;
}

/**
 * An upload as it arrives at the route: the body is read with a cap (the
 * declared length first, then counted as it arrives, so a chunked or lying
 * upload is refused without being held), then the one file field is taken and
 * handed to replaceSchoolLogo.
 */
export async function logoUploadRequest(ctx: Ctx, request: Request): Promise<LogoUploadAnswer> {
  requireAdmin(ctx);
  const read = await readLimitedForm(request, LOGO_MAX_BYTES + FORM_OVERHEAD);
  if (!read.ok)
    return read.reason === 'too-large'
      ? { status: 413, ok: false, message: 'The logo must be 512 KB or smaller.' }
      : { status: 400, ok: false, message: 'Choose a PNG or JPEG image to upload.' };
  const form = read.form;
  const names = [...new Set(form.keys())];
  const file = form.get(LOGO_FIELD);
  if (names.some((n) => n !== LOGO_FIELD) || form.getAll(LOGO_FIELD).length !== 1 || typeof file === 'string' || !file)
    return { status: 400, ok: false, message: 'Choose one PNG or JPEG image to upload.' };
  try {
    await replaceSchoolLogo(ctx, new Uint8Array(await file.arrayBuffer()));
  } catch (e) {
    if (e instanceof UserError) return { status: 422, ok: false, message: e.message };
    throw e;
  }
  return { status: 200, ok: true, message: 'Logo saved. It shows on the sign-in page and on printed documents.' };
}

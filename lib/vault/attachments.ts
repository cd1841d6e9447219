/**
 * Files sent from the add incident, edit incident and add action forms before
 * the form is saved: each arrives as its own request (so the page shows its
 * progress and it succeeds or fails alone), streams through the same checks
 * and encryption as a vault upload, and is recorded as a *pending* document
 * owned by the person who sent it, naming no pupil or record. Saving the form
 * claims the ids in the record's own transaction (lib/incidents/attachments.ts);
 * nobody can read a pending document, and the orphan sweep removes one no
 * save claimed after the grace period.
 *
 * Anyone signed in may send one (everyone may report an incident), so what
 * one person may keep waiting is limited: at most PENDING_FILES_PER_PERSON
 * files and PENDING_SIZE_IN_FILES times the largest file the school takes,
 * and sending is rate-limited per person (PENDING_UPLOAD_RULE). The limits
 * are checked before a byte is read and again, serialised per person, in the
 * transaction that records the file, so uploads sent together cannot pass
 * them together. Each pending upload is audited as it is stored
 * (`attachment.uploaded`, about no record yet: the record's own row lists the
 * file ids when it is saved), and each refusal as `attachment.upload_refused`.
 */
import 'server-only';
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { documents } from '@/db/schema';
import { writeAudit } from '@/lib/audit/write';
import { checkRateLimits, lockRateLimitKeys, rateLimitKey, rateRule, recordHits, retryMessage } from '@/lib/rate-limit';
import type { UserCtx } from '@/lib/tenancy/context';
import { FileRefused, type StoredBlob } from './blob';
import { discardStaged } from './service';
import { receiveOne, UploadUnreadable, type UploadAnswer } from './upload';

/** Files one person may have waiting to be attached at once. */
export const PENDING_FILES_PER_PERSON = 40;
/** Bytes one person may have waiting, as a number of the largest files the school takes. */
export const PENDING_SIZE_IN_FILES = 10;
/** Sending files to attach: 60 in ten minutes, then a wait that doubles from 5 seconds to 10 minutes. */
export const PENDING_UPLOAD_RULE = rateRule({
  free: 60,
  windowSeconds: 600,
  baseDelaySeconds: 5,
  maxDelaySeconds: 600,
});

const SAVE_FIRST = 'Save the form they are for first; files never saved are cleared after a day.';

type LimitRefusal = { reason: 'rate' | 'files' | 'size'; status: 413 | 429; message: string };

/** This person's live pending uploads: how many, and their bytes. */
async function pendingInUse(tx: Tx, ctx: UserCtx): Promise<{ files: number; bytes: number }> {
  const [row] = await tx
    .select({
      files: sql<number>`count(*)::int`,
      bytes: sql<string>`coalesce(sum(${documents.byteSize}), 0)::text`,
    })
    .from(documents)
    .where(
      and(
        eq(documents.schoolId, ctx.school.id),
        eq(documents.uploadedBy, ctx.user.id),
        eq(documents.source, 'pending'),
        isNull(documents.deletedAt),
      ),
    );
  return { files: row?.files ?? 0, bytes: Number(row?.bytes ?? 0) };
}

/** The refusal, if one more file of `size` bytes (0 while unknown) would go over this person's allowance. */
function overAllowance(
  used: { files: number; bytes: number },
  size: number,
  maxPendingBytes: number,
): LimitRefusal | null {
  if (used.files >= PENDING_FILES_PER_PERSON) {
    return {
      reason: 'files',
      status: 429,
      message: `You have ${used.files} files waiting to be attached to an incident or action, the most one person may have at once. ${SAVE_FIRST}`,
    };
  }
  if (used.bytes + size > maxPendingBytes) {
    return {
      reason: 'size',
      status: 413,
      message: `This file would take the files you have waiting to be attached over ${Math.round(maxPendingBytes / 1024 / 1024)} MB, the most one person may have at once. ${SAVE_FIRST}`,
    };
  }
  return null;
}

class OverAllowance extends Error {
  constructor(readonly refusal: LimitRefusal) {
    super(refusal.message);
  }
}

function auditRefusal(ctx: UserCtx, refusal: LimitRefusal, at: Date): Promise<void> {
  return ctx.run((tx) =>
    writeAudit(tx, {
      schoolId: ctx.school.id,
      at,
      actorUserId: ctx.user.id,
      meta: ctx.meta,
      action: 'attachment.upload_refused',
      entityType: null,
      entityId: null,
      details: { reason: refusal.reason },
    }),
  );
}

/** Before a byte is read: the rate limit (each attempt counts) and the allowance as it stands. */
async function checkBeforeReading(
  ctx: UserCtx,
  request: Request,
  maxPendingBytes: number,
  now: Date,
): Promise<LimitRefusal | null> {
  const key = rateLimitKey('pending-upload', ctx.user.id);
  return ctx.run(async (tx) => {
    await lockRateLimitKeys(tx, [key]);
    const decision = await checkRateLimits(tx, [{ key, rule: PENDING_UPLOAD_RULE }], now);
    if (!decision.allowed) {
      return {
        reason: 'rate',
        status: 429,
        message: retryMessage(decision.retryAfterSeconds),
      } satisfies LimitRefusal;
    }
    await recordHits(tx, [key], now);
    const declared = Number(request.headers.get('content-length') ?? NaN);
    return overAllowance(await pendingInUse(tx, ctx), Number.isFinite(declared) ? declared : 0, maxPendingBytes);
  });
}

/**
 * Stores one file from an incident or action form as a pending document of
 * this person. Any signed-in member may send one (everyone may report an
 * incident); what it becomes is decided when the record is saved.
 */
export async function receivePendingAttachment(ctx: UserCtx, request: Request): Promise<UploadAnswer> {
  const maxBytes = ctx.school.settings.vaultMaxFileMb * 1024 * 1024;
  const maxPendingBytes = PENDING_SIZE_IN_FILES * maxBytes;
  const now = new Date();
  const early = await checkBeforeReading(ctx, request, maxPendingBytes, now);
  if (early) {
    await auditRefusal(ctx, early, now);
    return { ok: false, status: early.status, message: early.message };
  }
  let staged: StoredBlob[];
  try {
    staged = await receiveOne(ctx, { maxBytes }, request);
  } catch (err) {
    if (err instanceof FileRefused) return { ok: false, status: err.status, message: err.message };
    if (err instanceof UploadUnreadable) return { ok: false, status: 400, message: err.message };
    throw err;
  }
  const blob = staged[0]!;
  try {
    await ctx.run(async (tx) => {
      // The same per-person lock as the rate limit: this person's uploads are recorded one at a time.
      await lockRateLimitKeys(tx, [rateLimitKey('pending-upload', ctx.user.id)]);
      const over = overAllowance(await pendingInUse(tx, ctx), blob.size, maxPendingBytes);
      if (over) throw new OverAllowance(over);
      const at = new Date();
      await tx.insert(documents).values({
        schoolId: ctx.school.id,
        id: blob.documentId,
        studentId: null,
        source: 'pending',
        originalName: blob.name,
        byteSize: blob.size,
        contentType: blob.type.contentType,
        extension: blob.type.extension,
        storageKey: blob.storageKey,
        cipherVersion: blob.key.version,
        chunkBytes: blob.key.chunkBytes,
        wrappedKey: blob.key.wrappedKey.toString('base64'),
        keyProvider: blob.key.keyProvider,
        uploadedBy: ctx.user.id,
        uploadedAt: at,
      });
      // No file name: the name may say what the record will, and this row is about no record yet.
      await writeAudit(tx, {
        schoolId: ctx.school.id,
        at,
        actorUserId: ctx.user.id,
        meta: ctx.meta,
        action: 'attachment.uploaded',
        entityType: null,
        entityId: null,
        details: { documentId: blob.documentId, size: blob.size, type: blob.type.contentType },
      });
    });
  } catch (err) {
    await discardStaged(staged);
    if (err instanceof OverAllowance) {
      await auditRefusal(ctx, err.refusal, now);
      return { ok: false, status: err.refusal.status, message: `“${blob.name}” was not kept. ${err.refusal.message}` };
    }
    throw err;
  }
  return { ok: true, status: 200, documentIds: [blob.documentId], message: `“${blob.name}” is ready to attach.` };
}

export const EXPIRED_PENDING_REASON = 'Not attached to a saved record within the grace period: the file was removed.';

/**
 * Pending documents of this school sent before `cutoff` and never claimed are
 * marked expired (documents are never deleted, not even these: the app role
 * cannot); an expired pending row no longer counts as a reference, so the
 * sweep removes its blob, and it can no longer be claimed.
 */
export async function expireStalePending(tx: Tx, schoolId: string, cutoff: Date, now: Date): Promise<number> {
  const expired = await tx
    .update(documents)
    .set({ deletedAt: now, deletedBy: sql`${documents.uploadedBy}`, deletedReason: EXPIRED_PENDING_REASON })
    .where(
      and(
        eq(documents.schoolId, schoolId),
        eq(documents.source, 'pending'),
        isNull(documents.deletedAt),
        lt(documents.uploadedAt, cutoff),
      ),
    )
    .returning({ id: documents.id });
  return expired.length;
}

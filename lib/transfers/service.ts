/**
 * The steps of a transfer. Each checks lib/access first ('admin.use':
 * "Administration" with the key), changes the row in the acting school's own
 * row-level security with the expected status in the UPDATE's WHERE (so a
 * doubled submission, a retraction or a second authorisation changes
 * nothing and says so), writes the acting school's audit row in the same
 * transaction, then the other school's audit row and its administrators'
 * content-free email on the named privileged path ('transfer-notify').
 * A transfer of another school, or on the wrong side, is not found.
 */
import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { privileged } from '@/db/privileged';
import type { Tx } from '@/db/scoped';
import { transfers, type TransferStatus } from '@/db/schema';
import { decide, sessionSubject } from '@/lib/access';
import { writeAudit } from '@/lib/audit/write';
import type { AuditAction } from '@/lib/audit';
import { NotAllowedError, NotFoundError, UserError } from '@/lib/errors';
import type { UserCtx } from '@/lib/tenancy/context';
import { ALREADY_TRANSFERRED, copyTransferRecords, transferPreview } from './copy';
import { emailAdminsIn, type TransferNotice } from './notify';
import { sentCategoryIds } from './preferences';
import { declineTransferInput, transferIdInput } from './schema';

export const ELEVATE_FOR_TRANSFERS = 'Use your key to manage transfers.';

/** Throws unless the person may manage transfers (administration, with the key) here. */
export function requireTransferAdmin(ctx: UserCtx): void {
  const d = decide(sessionSubject(ctx), 'admin.use');
  if (d.allowed) return;
  throw new NotAllowedError(d.reason === 'needs_elevation' ? ELEVATE_FOR_TRANSFERS : undefined);
}

type Side = 'from' | 'to';

interface Moved {
  id: string;
  fromSchoolId: string;
  toSchoolId: string;
}

/** Why an UPDATE that matched nothing did so: not this school's (not found) or not at that step (a user error). */
async function refuse(tx: Tx, ctx: UserCtx, transferId: string, side: Side, wrongStep: string): Promise<never> {
  const own = side === 'from' ? transfers.fromSchoolId : transfers.toSchoolId;
  const [row] = await tx
    .select({ status: transfers.status })
    .from(transfers)
    .where(and(eq(transfers.id, transferId), eq(own, ctx.school.id)));
  if (!row) throw new NotFoundError('That transfer was not found.');
  throw new UserError(wrongStep);
}

/** The other school's audit row and its administrators' email, after the step committed. */
async function tellOtherSide(
  ctx: UserCtx,
  moved: Moved,
  action: AuditAction & `transfer.${string}`,
  notice: TransferNotice,
  details: Record<string, unknown>,
  now: Date,
): Promise<void> {
  const other = moved.fromSchoolId === ctx.school.id ? moved.toSchoolId : moved.fromSchoolId;
  await privileged('transfer-notify', `transfer ${moved.id}: ${notice}`, async (tx) => {
    await writeAudit(tx, {
      schoolId: other,
      actorUserId: null,
      actorLabel: ctx.school.name,
      action: action as 'transfer.requested',
      entityType: 'transfer',
      entityId: moved.id,
      details,
      at: now,
    });
    await emailAdminsIn(tx, other, notice);
  });
}

async function ownAudit(
  tx: Tx,
  ctx: UserCtx,
  id: string,
  action: AuditAction & `transfer.${string}`,
  details: Record<string, unknown>,
  now: Date,
) {
  await writeAudit(tx, {
    schoolId: ctx.school.id,
    actorUserId: ctx.user.id,
    action: action as 'transfer.requested',
    entityType: 'transfer',
    entityId: id,
    meta: ctx.meta,
    details,
    at: now,
  });
}

const moved = { id: transfers.id, fromSchoolId: transfers.fromSchoolId, toSchoolId: transfers.toSchoolId };

/** The receiving school asks for the file (detected → requested). */
export async function requestTransfer(ctx: UserCtx, input: unknown, now = new Date()): Promise<void> {
  requireTransferAdmin(ctx);
  const { transferId } = transferIdInput.parse(input);
  const row = await ctx.run(async (tx) => {
    const [m] = await tx
      .update(transfers)
      .set({ status: 'requested', requestedAt: now, requestedBy: ctx.user.id })
      .where(
        and(eq(transfers.id, transferId), eq(transfers.toSchoolId, ctx.school.id), eq(transfers.status, 'detected')),
      )
      .returning(moved);
    if (!m) return refuse(tx, ctx, transferId, 'to', 'This transfer has already been requested.');
    await ownAudit(tx, ctx, m.id, 'transfer.requested', {}, now);
    return m;
  });
  await tellOtherSide(ctx, row, 'transfer.requested', 'requested', {}, now);
}

/** The sending school declines, with a reason the receiving school reads (detected or requested → declined). */
export async function declineTransfer(ctx: UserCtx, input: unknown, now = new Date()): Promise<void> {
  requireTransferAdmin(ctx);
  const { transferId, reason } = declineTransferInput.parse(input);
  const row = await ctx.run(async (tx) => {
    const [m] = await tx
      .update(transfers)
      .set({ status: 'declined', declinedAt: now, declinedBy: ctx.user.id, declineReason: reason })
      .where(
        and(
          eq(transfers.id, transferId),
          eq(transfers.fromSchoolId, ctx.school.id),
          inArray(transfers.status, ['detected', 'requested']),
        ),
      )
      .returning(moved);
    if (!m) return refuse(tx, ctx, transferId, 'from', 'This transfer can no longer be declined.');
    await ownAudit(tx, ctx, m.id, 'transfer.declined', {}, now);
    return m;
  });
  await tellOtherSide(ctx, row, 'transfer.declined', 'declined', {}, now);
}

/** The receiving school confirms it received the file (transferred, once). */
export async function confirmTransferReceipt(ctx: UserCtx, input: unknown, now = new Date()): Promise<void> {
  requireTransferAdmin(ctx);
  const { transferId } = transferIdInput.parse(input);
  const row = await ctx.run(async (tx) => {
    const [m] = await tx
      .update(transfers)
      .set({ confirmedAt: now, confirmedBy: ctx.user.id })
      .where(
        and(
          eq(transfers.id, transferId),
          eq(transfers.toSchoolId, ctx.school.id),
          eq(transfers.status, 'transferred'),
          sql`${transfers.confirmedAt} is null`,
        ),
      )
      .returning(moved);
    if (!m) return refuse(tx, ctx, transferId, 'to', 'Receipt can be confirmed once, after the file is transferred.');
    await ownAudit(tx, ctx, m.id, 'transfer.receipt_confirmed', {}, now);
    return m;
  });
  await tellOtherSide(ctx, row, 'transfer.receipt_confirmed', 'confirmed', {}, now);
}

export interface AuthoriseStep {
  transferId: string;
  fromSchoolId: string;
  actorUserId: string;
  now: Date;
}

/**
 * The sending school authorises (requested → authorised), in the caller's
 * transaction; null when the transfer is not at that step on that side (a
 * second authorisation changes nothing). authoriseTransfer calls this, then
 * copyTransferRecords, then markTransferred.
 */
export async function markAuthorised(
  tx: Tx,
  s: AuthoriseStep,
): Promise<(Moved & { fromStudentId: string; toStudentId: string }) | null> {
  const [m] = await tx
    .update(transfers)
    .set({ status: 'authorised', authorisedAt: s.now, authorisedBy: s.actorUserId })
    .where(
      and(
        eq(transfers.id, s.transferId),
        eq(transfers.fromSchoolId, s.fromSchoolId),
        eq(transfers.status, 'requested'),
      ),
    )
    .returning({ ...moved, fromStudentId: transfers.fromStudentId, toStudentId: transfers.toStudentId });
  return m ?? null;
}

/**
 * "Authorise and send": marks the transfer authorised, copies the pupil's
 * records in the school's preferred categories to the receiving school (one
 * transaction there, nothing partial: copy.ts), then marks it transferred
 * with what was sent, audits both sides and tells the receiving school's
 * administrators. A transfer not yet requested, already sent or declined is
 * refused; another school's is not found.
 */
export async function authoriseTransfer(
  ctx: UserCtx,
  input: unknown,
  now = new Date(),
): Promise<{ incidents: number; documents: number }> {
  requireTransferAdmin(ctx);
  const { transferId } = transferIdInput.parse(input);
  const categoryIds = sentCategoryIds(ctx);
  const step = { transferId, fromSchoolId: ctx.school.id, actorUserId: ctx.user.id, now };
  const row = await ctx.run(async (tx) => {
    const m = await markAuthorised(tx, step);
    if (m) {
      await ownAudit(tx, ctx, m.id, 'transfer.authorised', { categoryIds }, now);
      return m;
    }
    // Left "authorised" by a send that stopped part-way (the copy leaves nothing half-done, or is
    // complete): sending again finishes it, so a transfer is never stuck between the two.
    const [stuck] = await tx
      .select({ ...moved, fromStudentId: transfers.fromStudentId, toStudentId: transfers.toStudentId })
      .from(transfers)
      .where(
        and(
          eq(transfers.id, transferId),
          eq(transfers.fromSchoolId, ctx.school.id),
          eq(transfers.status, 'authorised'),
        ),
      );
    if (stuck) return stuck;
    return refuse(tx, ctx, transferId, 'from', 'Only a requested transfer can be authorised, and only once.');
  });
  const records = {
    transferId,
    fromSchoolId: row.fromSchoolId,
    fromStudentId: row.fromStudentId,
    toSchoolId: row.toSchoolId,
    toStudentId: row.toStudentId,
    categoryIds,
    actorUserId: ctx.user.id,
  };
  let sent: { incidents: number; documents: number };
  try {
    sent = await copyTransferRecords(records);
  } catch (err) {
    if (!(err instanceof UserError && err.message === ALREADY_TRANSFERRED)) throw err;
    // Copied already (by a send beside this one, or one that stopped before marking it): the
    // counts are those of what was sent; marking below happens once and refuses the other.
    const preview = await transferPreview(records);
    sent = { incidents: preview.incidents, documents: preview.documents.length };
  }
  const done = await ctx.run(async (tx) => {
    const m = await markTransferred(tx, { ...step, categoryIds, ...sent });
    if (!m) return refuse(tx, ctx, transferId, 'from', 'This transfer has already been sent.');
    await ownAudit(tx, ctx, m.id, 'transfer.transferred', { ...sent, categoryIds }, now);
    return m;
  });
  await tellOtherSide(ctx, done, 'transfer.transferred', 'transferred', sent, now);
  return sent;
}

/** authorised → transferred, with what was sent; null when not at that step (sent once). */
export async function markTransferred(
  tx: Tx,
  s: AuthoriseStep & { categoryIds: string[]; incidents: number; documents: number },
): Promise<Moved | null> {
  const [m] = await tx
    .update(transfers)
    .set({
      status: 'transferred',
      transferredAt: s.now,
      categoryIds: s.categoryIds,
      incidentCount: s.incidents,
      documentCount: s.documents,
    })
    .where(
      and(
        eq(transfers.id, s.transferId),
        eq(transfers.fromSchoolId, s.fromSchoolId),
        eq(transfers.status, 'authorised'),
      ),
    )
    .returning(moved);
  return m ?? null;
}

export const FINISHED_STATUSES: readonly TransferStatus[] = ['transferred', 'declined'];

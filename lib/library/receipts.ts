/**
 * Read receipts: what an alerted person did about a library file. Opening
 * the file stamps `last_viewed_at` (queries.ts, in the transaction that
 * audits the view); "Mark as read and understood" stamps `understood_at`
 * once. The person's live receipts are their library alerts on the
 * dashboard: until marked, or, when no action was asked for, until opened.
 * Each touches only the person's own receipts of this school.
 */
import 'server-only';
import { and, desc, eq, isNull, or } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '@/db/scoped';
import { libraryDocuments, libraryReadReceipts, users } from '@/db/schema';
import { accessSubjectOf, can } from '@/lib/access';
import { writeAudit } from '@/lib/audit/write';
import { NotFoundError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import type { UserCtx } from '@/lib/tenancy/context';
import { requireLibrary } from './access';

/** Stamps the person's receipt for the file, if they were alerted to it. */
export async function stampLibraryView(tx: Tx, ctx: UserCtx, documentId: string, at: Date): Promise<void> {
  await tx
    .update(libraryReadReceipts)
    .set({ lastViewedAt: at })
    .where(
      and(
        eq(libraryReadReceipts.schoolId, ctx.school.id),
        eq(libraryReadReceipts.documentId, documentId),
        eq(libraryReadReceipts.userId, ctx.user.id),
      ),
    );
}

export const markLibraryUnderstoodInput = z.strictObject({ documentId: z.string() });

/**
 * "Mark as read and understood": only a person alerted to a live file they
 * may still open. A second click changes nothing (the first time stands);
 * someone never alerted, another school's file or a deleted one is "not found".
 */
export async function markLibraryFileUnderstood(
  ctx: UserCtx,
  input: z.infer<typeof markLibraryUnderstoodInput>,
): Promise<void> {
  const subject = await requireLibrary(ctx, 'library.view');
  if (!isUuid(input.documentId)) throw new NotFoundError('document');
  const documentId = input.documentId.toLowerCase();
  await ctx.run(async (tx) => {
    const [receipt] = await tx
      .select({ id: libraryReadReceipts.id, understoodAt: libraryReadReceipts.understoodAt })
      .from(libraryReadReceipts)
      .innerJoin(
        libraryDocuments,
        and(
          eq(libraryDocuments.schoolId, libraryReadReceipts.schoolId),
          eq(libraryDocuments.id, libraryReadReceipts.documentId),
        ),
      )
      .where(
        and(
          eq(libraryReadReceipts.schoolId, ctx.school.id),
          eq(libraryReadReceipts.documentId, documentId),
          eq(libraryReadReceipts.userId, ctx.user.id),
          isNull(libraryDocuments.deletedAt),
        ),
      )
      .for('update', { of: libraryReadReceipts })
      .limit(1);
    if (!receipt) throw new NotFoundError('document');
    if (receipt.understoodAt) return;
    await tx
      .update(libraryReadReceipts)
      .set({ understoodAt: subject.now })
      .where(and(eq(libraryReadReceipts.schoolId, ctx.school.id), eq(libraryReadReceipts.id, receipt.id)));
    await writeAudit(tx, {
      schoolId: ctx.school.id,
      at: subject.now,
      actorUserId: ctx.user.id,
      meta: ctx.meta,
      action: 'library.document_understood',
      entityType: 'library_document',
      entityId: documentId,
    });
  });
}

export interface LibraryAlertItem {
  documentId: string;
  name: string;
  alertedBy: string | null;
  alertedAt: Date;
  requireAction: boolean;
}

/** Still waiting: not marked understood, and either action asked for or never opened. */
const live = and(
  isNull(libraryReadReceipts.understoodAt),
  or(eq(libraryReadReceipts.requireAction, true), isNull(libraryReadReceipts.lastViewedAt)),
);

/**
 * The person's library alerts for the dashboard, only while they may open
 * the library (the school may have closed it to them since) and the file is live.
 */
export async function listMyLibraryAlerts(ctx: UserCtx): Promise<LibraryAlertItem[]> {
  const subject = await accessSubjectOf(ctx);
  if (!can(subject, 'library.view')) return [];
  return ctx.run((tx) =>
    tx
      .select({
        documentId: libraryDocuments.id,
        name: libraryDocuments.originalName,
        alertedBy: users.displayName,
        alertedAt: libraryReadReceipts.alertedAt,
        requireAction: libraryReadReceipts.requireAction,
      })
      .from(libraryReadReceipts)
      .innerJoin(
        libraryDocuments,
        and(
          eq(libraryDocuments.schoolId, libraryReadReceipts.schoolId),
          eq(libraryDocuments.id, libraryReadReceipts.documentId),
        ),
      )
      .leftJoin(users, eq(users.id, libraryReadReceipts.alertedBy))
      .where(
        and(
          eq(libraryReadReceipts.schoolId, ctx.school.id),
          eq(libraryReadReceipts.userId, ctx.user.id),
          isNull(libraryDocuments.deletedAt),
          live,
        ),
      )
      .orderBy(desc(libraryReadReceipts.alertedAt))
      .limit(200),
  );
}

/** The person's own receipts by file, for the library page's "Mark as read and understood" buttons. */
export async function myLibraryReceipts(
  tx: Tx,
  ctx: UserCtx,
): Promise<Map<string, { requireAction: boolean; understoodAt: Date | null }>> {
  const rows = await tx
    .select({
      documentId: libraryReadReceipts.documentId,
      requireAction: libraryReadReceipts.requireAction,
      understoodAt: libraryReadReceipts.understoodAt,
    })
    .from(libraryReadReceipts)
    .where(and(eq(libraryReadReceipts.schoolId, ctx.school.id), eq(libraryReadReceipts.userId, ctx.user.id)));
  return new Map(rows.map((r) => [r.documentId, { requireAction: r.requireAction, understoodAt: r.understoodAt }]));
}

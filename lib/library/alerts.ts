/**
 * "Alert users" to library files, on upload or later: chosen people and the
 * members of chosen alert groups each get a read receipt (their dashboard
 * alert, receipts.ts) and one content-free email. Only staff who may open the
 * library are offered and alerted (lib/access's "library.view" over each
 * person's subject): someone chosen by name who may not is refused by name,
 * members of a group who may not are left out and counted. One receipt per
 * person and file (a unique index), so a doubled submission or a second alert
 * to the same person alerts them once. Decided in the transaction that
 * writes, audited there.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '@/db/scoped';
import { libraryDocuments, libraryReadReceipts } from '@/db/schema';
import { decide, staffSubjects } from '@/lib/access';
import { writeAudit } from '@/lib/audit/write';
import { getConfig } from '@/lib/config';
import { NotFoundError, UserError } from '@/lib/errors';
import { isUuid, uuidListField } from '@/lib/ids';
import { alertAddresses } from '@/lib/incidents/recipients';
import { queueEmail } from '@/lib/mail/outbox';
import type { UserCtx } from '@/lib/tenancy/context';
import { schoolOrigin } from '@/lib/tenancy/host';
import {
  activeStaff,
  alertAudience,
  alertGroupOptions,
  type AlertGroupOption,
  type StaffOption,
} from '@/lib/vault/alert-audience';
import { requireLibrary } from './access';
import { libraryAlertEmail } from './alert-email';

export const alertLibraryInput = z.strictObject({
  documentIds: uuidListField(20, 'Alert about at most 20 files at once.', 'Choose files from the library.').pipe(
    z.array(z.string()).min(1, 'Choose a file to alert people about.'),
  ),
  alertUserIds: uuidListField(200, 'Alert at most 200 people at once.', 'Choose people and groups from the list.'),
  alertGroupIds: uuidListField(50, 'Choose at most 50 alert groups.', 'Choose people and groups from the list.'),
  /** A checkbox: present ("on") when ticked. */
  requireAction: z
    .enum(['on', 'true'])
    .optional()
    .transform((v) => v !== undefined),
});
export type AlertLibraryInput = z.infer<typeof alertLibraryInput>;

export interface LibraryAlertOptions {
  /** Active staff who may open the library, the person alerting left out. */
  staff: StaffOption[];
  groups: AlertGroupOption[];
}

/** Who may be alerted to the library, decided for every member at once. */
async function libraryReaders(tx: Tx, ctx: UserCtx, now: Date, userIds?: readonly string[]): Promise<Set<string>> {
  const subjects = await staffSubjects(tx, ctx.school, now, userIds);
  const readers = new Set<string>();
  for (const [id, subject] of subjects) if (decide(subject, 'library.view').allowed) readers.add(id);
  return readers;
}

/** What the "Alert users" forms offer: staff who may open the library, and the alert groups. */
export async function libraryAlertOptions(ctx: UserCtx): Promise<LibraryAlertOptions> {
  const subject = await requireLibrary(ctx, 'library.add');
  return ctx.run(async (tx) => {
    const readers = await libraryReaders(tx, ctx, subject.now);
    const staff = (await activeStaff(tx, ctx)).filter((p) => p.id !== ctx.user.id && readers.has(p.id));
    const groups = await alertGroupOptions(tx, ctx.school.id);
    return { staff, groups };
  });
}

const people = (n: number) => (n === 1 ? '1 person' : `${n} people`);

/** Alerts the chosen people to library files; returns the message for the person alerting. */
export async function alertLibraryUsers(ctx: UserCtx, input: AlertLibraryInput): Promise<string> {
  if (input.alertUserIds.length === 0 && input.alertGroupIds.length === 0) {
    throw new UserError('Choose who to alert.', { alertUserIds: ['Choose at least one person or alert group.'] });
  }
  const subject = await requireLibrary(ctx, 'library.add');
  const now = subject.now;
  return ctx.run(async (tx) => {
    if (!input.documentIds.every(isUuid)) throw new NotFoundError('document');
    const docs = await tx
      .select({ id: libraryDocuments.id })
      .from(libraryDocuments)
      .where(
        and(
          eq(libraryDocuments.schoolId, ctx.school.id),
          inArray(libraryDocuments.id, input.documentIds),
          isNull(libraryDocuments.deletedAt),
        ),
      )
      // Held until commit: a file deleted meanwhile cannot gain alerts.
      .for('update');
    if (docs.length !== input.documentIds.length) throw new NotFoundError('document');

    const { recipients: ids, leftOut } = await alertAudience(
      tx,
      ctx,
      { userIds: input.alertUserIds, groupIds: input.alertGroupIds },
      (candidates) => libraryReaders(tx, ctx, now, candidates),
      {
        blocked: 'Some of the people chosen cannot be alerted to library files.',
        blockedNames: (names) => `${names} cannot open the library, so cannot be alerted to it.`,
        noneInGroups: 'No one in the groups chosen may open the library. Choose people from the list.',
      },
    );
    // One receipt per person and file: whoever has one already (an earlier alert, or the
    // first of a doubled submission) keeps it and is not alerted again.
    const inserted = await tx
      .insert(libraryReadReceipts)
      .values(
        docs.flatMap((d) =>
          ids.map((userId) => ({
            schoolId: ctx.school.id,
            id: randomUUID(),
            documentId: d.id,
            userId,
            alertedBy: ctx.user.id,
            alertedAt: now,
            requireAction: input.requireAction,
          })),
        ),
      )
      .onConflictDoNothing({
        target: [libraryReadReceipts.schoolId, libraryReadReceipts.documentId, libraryReadReceipts.userId],
      })
      .returning({ documentId: libraryReadReceipts.documentId, userId: libraryReadReceipts.userId });
    const alerted = [...new Set(inserted.map((r) => r.userId))];
    if (alerted.length > 0) {
      const { rootDomain, protocol } = getConfig();
      const email = libraryAlertEmail({
        schoolName: ctx.school.name,
        libraryUrl: `${schoolOrigin(ctx.school.slug, rootDomain, protocol)}/library`,
        requireAction: input.requireAction,
      });
      const addresses = await alertAddresses(tx, alerted);
      for (const to of new Set(addresses.values())) await queueEmail(tx, ctx.school.id, { to, ...email });
    }
    for (const d of docs) {
      const newly = inserted.filter((r) => r.documentId === d.id).map((r) => r.userId);
      await writeAudit(tx, {
        schoolId: ctx.school.id,
        at: now,
        actorUserId: ctx.user.id,
        meta: ctx.meta,
        action: 'library.alert_sent',
        entityType: 'library_document',
        entityId: d.id,
        details: {
          recipientIds: newly,
          alreadyAlerted: ids.length - newly.length,
          alertGroupIds: input.alertGroupIds,
          requireAction: input.requireAction,
          leftOut,
        },
      });
    }
    const already = ids.length - alerted.length;
    const parts = [
      alerted.length === 0
        ? `Everyone chosen had already been alerted to ${docs.length === 1 ? 'this file' : 'these files'}; nobody was alerted again.`
        : `${people(alerted.length)} alerted.`,
    ];
    if (alerted.length > 0 && already > 0) parts.push(`${people(already)} had already been alerted.`);
    if (leftOut > 0)
      parts.push(
        `${leftOut === 1 ? '1 member' : `${leftOut} members`} of the chosen groups cannot open the library and ${leftOut === 1 ? 'was' : 'were'} not alerted.`,
      );
    return parts.join(' ');
  });
}

/**
 * "Alert users" from a document in a pupil's vault: chosen people and the
 * members of chosen alert groups get a dashboard alert (pointing to the
 * pupil's vault for a direct upload, to the incident for a record's file)
 * and one content-free email each. An alert here opens nothing (unlike an
 * incident alert): only people who may already read the document are
 * offered and alerted (alert-audience.ts: the vault's rule for a direct
 * upload, the incident's visibility for a record's file). Someone chosen by
 * name who may not is refused with a message naming them; members of a group
 * who may not are left out, and the answer says how many. Decided in the
 * transaction that writes, audited there.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { documentAlerts, documents } from '@/db/schema';
import { accessSubjectOf } from '@/lib/access';
import { getConfig } from '@/lib/config';
import { NotFoundError, UserError } from '@/lib/errors';
import { isUuid, uuidListField } from '@/lib/ids';
import { alertAddresses } from '@/lib/incidents/recipients';
import { queueEmail } from '@/lib/mail/outbox';
import { studentResource } from '@/lib/students/access';
import { recordStudentEvent } from '@/lib/students/audit';
import type { UserCtx } from '@/lib/tenancy/context';
import { schoolOrigin } from '@/lib/tenancy/host';
import {
  activeStaff,
  alertAudience,
  alertGroupOptions,
  readersAmong,
  recordDoor,
  type AlertGroupOption,
  type DocumentDoor,
  type StaffOption,
} from './alert-audience';
import { documentAlertEmail } from './alert-email';
import { readableDocuments } from './queries';
import { pupilForDocuments } from './service';

const idList = (max: number, tooMany: string) => uuidListField(max, tooMany, 'Choose people and groups from the list.');

export const alertDocumentInput = z.strictObject({
  studentId: z.string(),
  documentId: z.string(),
  alertUserIds: idList(200, 'Alert at most 200 people at once.'),
  alertGroupIds: idList(50, 'Choose at most 50 alert groups.'),
});

export interface DocumentAlertOptions {
  /**
   * For each of the pupil's documents the person alerting may read, the
   * active staff who may read it too (the person alerting left out).
   */
  staffByDocument: Record<string, StaffOption[]>;
  groups: AlertGroupOption[];
}

/** Who the "Alert users" forms offer for this pupil's documents: for each, only those who may read it. */
export async function documentAlertOptions(ctx: UserCtx, rawStudentId: unknown): Promise<DocumentAlertOptions> {
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    const pupil = await pupilForDocuments(tx, ctx, subject, rawStudentId, 'student.documents');
    const docs = await tx
      .select({ id: documents.id, source: documents.source, incidentId: documents.incidentId })
      .from(documents)
      .where(
        and(
          eq(documents.schoolId, ctx.school.id),
          eq(documents.studentId, pupil.id),
          readableDocuments(subject, false),
        ),
      );
    // One door per incident (its files share it), one for the direct uploads.
    const doorOf = new Map<string, DocumentDoor | null>();
    for (const d of docs) {
      if (d.incidentId && !doorOf.has(d.incidentId))
        doorOf.set(d.incidentId, await recordDoor(tx, ctx.school.id, d.incidentId));
    }
    const vaultDoor: DocumentDoor = { kind: 'vault', pupil: studentResource(pupil) };
    const doors = [vaultDoor, ...[...doorOf.values()].filter((d): d is DocumentDoor => d !== null)];
    const readers = await readersAmong(tx, ctx, subject.now, doors);
    const people = (await activeStaff(tx, ctx)).filter((p) => p.id !== ctx.user.id);
    const staffByDocument: Record<string, StaffOption[]> = {};
    for (const d of docs) {
      const door = d.source === 'vault' ? vaultDoor : d.incidentId ? doorOf.get(d.incidentId) : null;
      const may = door ? readers[doors.indexOf(door)] : undefined;
      staffByDocument[d.id] = may ? people.filter((p) => may.has(p.id)) : [];
    }
    const groups = await alertGroupOptions(tx, ctx.school.id);
    return { staffByDocument, groups };
  });
}

/** What a refusal says the people cannot see. */
const cannotSee = (door: DocumentDoor) =>
  door.kind === 'vault' ? 'this pupil’s documents' : `incident #${door.number} (the record this file belongs to)`;

/** Alerts the chosen people to one of the pupil's vault documents; returns the message for the person alerting. */
export async function alertUsersToDocument(ctx: UserCtx, input: z.infer<typeof alertDocumentInput>): Promise<string> {
  if (input.alertUserIds.length === 0 && input.alertGroupIds.length === 0) {
    throw new UserError('Choose who to alert.', { alertUserIds: ['Choose at least one person or alert group.'] });
  }
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    const pupil = await pupilForDocuments(tx, ctx, subject, input.studentId, 'student.documents');
    if (!isUuid(input.documentId)) throw new NotFoundError('document');
    // Only a document the person alerting may read: otherwise "not found", as for one that does not exist.
    const [doc] = await tx
      .select({ id: documents.id, source: documents.source, incidentId: documents.incidentId })
      .from(documents)
      .where(
        and(
          eq(documents.schoolId, ctx.school.id),
          eq(documents.studentId, pupil.id),
          eq(documents.id, input.documentId.toLowerCase()),
          readableDocuments(subject, false),
        ),
      )
      .limit(1);
    if (!doc) throw new NotFoundError('document');
    const door: DocumentDoor | null =
      doc.source === 'vault'
        ? { kind: 'vault', pupil: studentResource(pupil) }
        : doc.incidentId
          ? await recordDoor(tx, ctx.school.id, doc.incidentId)
          : null;
    if (!door) throw new NotFoundError('document');

    const { recipients: ids, leftOut } = await alertAudience(
      tx,
      ctx,
      { userIds: input.alertUserIds, groupIds: input.alertGroupIds },
      async (candidates) => (await readersAmong(tx, ctx, subject.now, [door], candidates))[0] ?? new Set(),
      {
        blocked: 'Some of the people chosen cannot be alerted to this document.',
        blockedNames: (names) =>
          `${names} cannot see ${cannotSee(door)}, so cannot be alerted to ${door.kind === 'vault' ? 'one' : 'it'}.`,
        noneInGroups: `No one in the groups chosen may see ${cannotSee(door)}. Choose people from the list.`,
      },
    );
    await tx.insert(documentAlerts).values(
      ids.map((userId) => ({
        schoolId: ctx.school.id,
        id: randomUUID(),
        userId,
        documentId: doc.id,
        raisedBy: ctx.user.id,
        createdAt: subject.now,
      })),
    );
    const { rootDomain, protocol } = getConfig();
    const email = documentAlertEmail({
      raisedBy: ctx.user.displayName,
      schoolName: ctx.school.name,
      signInUrl: `${schoolOrigin(ctx.school.slug, rootDomain, protocol)}/login`,
    });
    const addresses = await alertAddresses(tx, ids);
    for (const to of new Set(addresses.values())) await queueEmail(tx, ctx.school.id, { to, ...email });
    await recordStudentEvent(tx, ctx, {
      action: 'document.alert_sent',
      studentId: pupil.id,
      details: {
        documentId: doc.id,
        ...(door.kind === 'record' ? { incidentId: door.incident.id } : {}),
        recipientIds: ids,
        alertGroupIds: input.alertGroupIds,
        leftOut,
      },
      at: subject.now,
    });
    const alerted = ids.length === 1 ? '1 person alerted.' : `${ids.length} people alerted.`;
    return leftOut === 0
      ? alerted
      : `${alerted} ${leftOut === 1 ? '1 member' : `${leftOut} members`} of the chosen groups cannot see ${cannotSee(door)} and ${leftOut === 1 ? 'was' : 'were'} not alerted.`;
  });
}

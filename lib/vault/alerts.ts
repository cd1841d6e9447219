/**
 * "Alert users" from a document in a pupil's vault: chosen people and the
 * members of chosen alert groups get a dashboard alert pointing to the
 * pupil's vault, and one content-free email each. An alert here opens
 * nothing (unlike an incident alert): only people who may already read the
 * document are offered and alerted. Someone chosen by name who may not is
 * refused with a message naming them; members of a group who may not are
 * left out, and the answer says how many. Decided in the transaction that
 * writes, audited there.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '@/db/scoped';
import { alertGroupMembers, alertGroups, documentAlerts, documents, memberships, userGroups, users } from '@/db/schema';
import { accessSubjectOf, decide, staffSubject } from '@/lib/access';
import { getConfig } from '@/lib/config';
import { NotFoundError, UserError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import { activeMemberIds, alertAddresses, alertGroupMemberIds } from '@/lib/incidents/recipients';
import { queueEmail } from '@/lib/mail/outbox';
import { studentResource, type PupilBase } from '@/lib/students/access';
import { recordStudentEvent } from '@/lib/students/audit';
import type { UserCtx } from '@/lib/tenancy/context';
import { schoolOrigin } from '@/lib/tenancy/host';
import { documentAlertEmail } from './alert-email';
import { pupilForDocuments } from './service';

const idList = (max: number, tooMany: string) =>
  z.preprocess(
    (v) => (Array.isArray(v) ? v.join(',') : (v ?? '')),
    z
      .string()
      .max(max * 40)
      .transform((s) => [
        ...new Set(
          s
            .split(',')
            .map((x) => x.trim().toLowerCase())
            .filter(Boolean),
        ),
      ])
      .pipe(z.array(z.uuid('Choose people and groups from the list.')).max(max, tooMany)),
  );

export const alertDocumentInput = z.strictObject({
  studentId: z.string(),
  documentId: z.string(),
  alertUserIds: idList(200, 'Alert at most 200 people at once.'),
  alertGroupIds: idList(50, 'Choose at most 50 alert groups.'),
});

export interface DocumentAlertOptions {
  /** Active staff who may read this pupil's vault documents, the person alerting left out. */
  staff: { id: string; name: string; group: string }[];
  groups: { id: string; name: string; members: number }[];
}

/** Whether this member of staff, once they use their key, may read this pupil's vault documents (lib/access). */
async function mayReadVault(tx: Tx, ctx: UserCtx, pupil: PupilBase, userId: string, now: Date): Promise<boolean> {
  const subject = await staffSubject(tx, ctx.school, userId, now);
  return subject !== null && decide(subject, 'student.documents', studentResource(pupil)).allowed;
}

/** Who the "Alert users" form offers for this pupil's documents: only those who may read them. */
export async function documentAlertOptions(ctx: UserCtx, rawStudentId: unknown): Promise<DocumentAlertOptions> {
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    const pupil = await pupilForDocuments(tx, ctx, subject, rawStudentId, 'student.documents');
    const people = await tx
      .select({ id: users.id, name: users.displayName, group: userGroups.name })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .innerJoin(userGroups, eq(userGroups.id, memberships.userGroupId))
      .where(and(eq(memberships.schoolId, ctx.school.id), eq(memberships.status, 'active')))
      .orderBy(asc(sql`lower(${users.displayName})`));
    const staff = [];
    for (const p of people) {
      if (p.id !== ctx.user.id && (await mayReadVault(tx, ctx, pupil, p.id, subject.now))) staff.push(p);
    }
    const groups = await tx
      .select({ id: alertGroups.id, name: alertGroups.name, members: sql<number>`count(${alertGroupMembers.id})::int` })
      .from(alertGroups)
      .leftJoin(
        alertGroupMembers,
        and(eq(alertGroupMembers.alertGroupId, alertGroups.id), isNull(alertGroupMembers.removedAt)),
      )
      .where(and(eq(alertGroups.schoolId, ctx.school.id), isNull(alertGroups.archivedAt)))
      .groupBy(alertGroups.id, alertGroups.name)
      .orderBy(asc(sql`lower(${alertGroups.name})`));
    return { staff, groups };
  });
}

/** Alerts the chosen people to one of the pupil's vault documents; returns the message for the person alerting. */
export async function alertUsersToDocument(ctx: UserCtx, input: z.infer<typeof alertDocumentInput>): Promise<string> {
  if (input.alertUserIds.length === 0 && input.alertGroupIds.length === 0) {
    throw new UserError('Choose who to alert.', { alertUserIds: ['Choose at least one person or alert group.'] });
  }
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    const pupil = await pupilForDocuments(tx, ctx, subject, input.studentId, 'student.documents');
    if (!isUuid(input.documentId)) throw new NotFoundError('document');
    const [doc] = await tx
      .select({ id: documents.id })
      .from(documents)
      .where(
        and(
          eq(documents.schoolId, ctx.school.id),
          eq(documents.studentId, pupil.id),
          eq(documents.id, input.documentId.toLowerCase()),
          eq(documents.source, 'vault'),
          isNull(documents.deletedAt),
        ),
      )
      .limit(1);
    if (!doc) throw new NotFoundError('document');

    // Someone not (or no longer) on this school's staff is "not found", as everywhere: never confirm another school's user.
    const chosenActive = await activeMemberIds(tx, input.alertUserIds);
    for (const id of input.alertUserIds) if (!chosenActive.has(id)) throw new NotFoundError('user');
    const blocked: string[] = [];
    for (const id of input.alertUserIds) {
      if (!(await mayReadVault(tx, ctx, pupil, id, subject.now))) blocked.push(id);
    }
    if (blocked.length > 0) {
      const names = await tx
        .select({ name: users.displayName })
        .from(users)
        .where(inArray(users.id, blocked))
        .orderBy(asc(users.displayName));
      throw new UserError('Some of the people chosen cannot be alerted to this document.', {
        alertUserIds: [
          `${names.map((n) => n.name).join(', ')} cannot see this pupil’s documents, so cannot be alerted to one.`,
        ],
      });
    }
    const fromGroups = await alertGroupMemberIds(tx, input.alertGroupIds);
    const groupActive = await activeMemberIds(tx, fromGroups);
    const recipients = new Set(input.alertUserIds.filter((id) => id !== ctx.user.id));
    let leftOut = 0;
    for (const id of new Set(fromGroups)) {
      if (id === ctx.user.id || recipients.has(id) || !groupActive.has(id)) continue;
      if (await mayReadVault(tx, ctx, pupil, id, subject.now)) recipients.add(id);
      else leftOut += 1;
    }
    if (recipients.size === 0) {
      throw new UserError('Nobody was alerted.', {
        alertUserIds: [
          leftOut > 0
            ? 'No one in the groups chosen may see this pupil’s documents. Choose people from the list.'
            : 'Choose at least one person other than yourself.',
        ],
      });
    }
    const ids = [...recipients];
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
      details: { documentId: doc.id, recipientIds: ids, alertGroupIds: input.alertGroupIds, leftOut },
      at: subject.now,
    });
    const alerted = ids.length === 1 ? '1 person alerted.' : `${ids.length} people alerted.`;
    return leftOut === 0
      ? alerted
      : `${alerted} ${leftOut === 1 ? '1 member' : `${leftOut} members`} of the chosen groups cannot see this pupil’s documents and ${leftOut === 1 ? 'was' : 'were'} not alerted.`;
  });
}

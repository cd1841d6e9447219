/**
 * "Alert users" from a document in a pupil's vault: who is offered, who may
 * be alerted (only those who may read the document), another school's user,
 * a deleted document, the dashboard alert (pupil named only to those who may
 * see them now), the content-free email, marking read, and the audit rows.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { inSchool } from '@/db/scoped';
import { alertGroupMembers, alertGroups, auditLog, documentAlerts, outbox } from '@/db/schema';
import { listMyDocumentAlerts, markDocumentAlertRead } from '@/lib/alerts';
import { NotAllowedError, NotFoundError, UserError } from '@/lib/errors';
import { DEFAULT_NAME_STYLE } from '@/lib/students';
import type { School, UserCtx } from '@/lib/tenancy/context';
import {
  alertDocumentInput,
  alertUsersToDocument,
  deleteVaultDocument,
  documentAlertOptions,
  receiveVaultUpload,
  restoreVaultDocument,
} from '@/lib/vault';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';

withTestDatabase({ HAVEN_DATA_DIR: await mkdtemp(path.join(os.tmpdir(), 'haven-vault-alerts-')) });

const FILE_NAME = 'Strategy meeting minutes 4QX.pdf';
const PDF = Buffer.from(`%PDF-1.7\n% minutes\n${'1 0 obj <<>> endobj\n'.repeat(50)}trailer <<>>\n%%EOF\n`);

let a: School;
let b: School;
let dsl: UserCtx;
let deputy: UserCtx;
let deputyAsleep: UserCtx;
let slt: UserCtx;
let teacher: UserCtx;
let dslB: UserCtx;
let pupil: string;
let documentId: string;
let groupId: string;

const run = (ctx: UserCtx, alertUserIds: string[], alertGroupIds: string[] = [], docId = documentId) =>
  alertUsersToDocument(
    ctx,
    alertDocumentInput.parse({ studentId: pupil, documentId: docId, alertUserIds, alertGroupIds }),
  );

const liveAlertsOf = (userId: string) =>
  inSchool(a.id, (tx) =>
    tx.select({ id: documentAlerts.id }).from(documentAlerts).where(eq(documentAlerts.userId, userId)),
  );

beforeAll(async () => {
  a = await makeSchool('doc-alerts-a');
  b = await makeSchool('doc-alerts-b');
  const u = (email: string, displayName: string, memberships: Record<string, string>) =>
    makeUser({ email, displayName, memberships, totpSecret: 'JBSWY3DPEHPK3PXP' });
  dsl = (await signedIn(a, await u('dsl@alerts.test', 'Dee Ess', { 'doc-alerts-a': 'DSL' }), { elevated: true })).ctx;
  const deputyId = await u('deputy@alerts.test', 'Dana Deputy', { 'doc-alerts-a': 'DSL' });
  deputy = (await signedIn(a, deputyId, { elevated: true })).ctx;
  deputyAsleep = (await signedIn(a, deputyId)).ctx;
  slt = (await signedIn(a, await u('slt@alerts.test', 'Sam Senior', { 'doc-alerts-a': 'SLT' }), { elevated: true }))
    .ctx;
  teacher = (
    await signedIn(a, await u('t@alerts.test', 'Tia Teacher', { 'doc-alerts-a': 'Teachers' }), { elevated: true })
  ).ctx;
  dslB = (await signedIn(b, await u('dslb@alerts.test', 'Bea Other', { 'doc-alerts-b': 'DSL' }), { elevated: true }))
    .ctx;
  [pupil = ''] = await addPupils(a.id, [{ legalForename: 'Marisol', legalSurname: 'Quennell' }]);
  const answer = await receiveVaultUpload(
    dsl,
    pupil,
    new Request('http://a.localhost/x', {
      method: 'POST',
      body: new Uint8Array(PDF),
      headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(FILE_NAME) },
    }),
  );
  if (!answer.ok) throw new Error(answer.message);
  documentId = answer.documentIds[0]!;
  groupId = randomUUID();
  await inSchool(a.id, async (tx) => {
    await tx.insert(alertGroups).values({ id: groupId, schoolId: a.id, name: 'Safeguarding team' });
    for (const member of [deputy, slt, teacher]) {
      await tx
        .insert(alertGroupMembers)
        .values({ id: randomUUID(), schoolId: a.id, alertGroupId: groupId, userId: member.user.id });
    }
  });
});

describe('alerting staff to a vault document', () => {
  it('offers only staff who may read the pupil’s documents (never the person alerting), and the alert groups', async () => {
    const options = await documentAlertOptions(dsl, pupil);
    expect(options.staffByDocument[documentId]!.map((s) => s.name)).toEqual(['Dana Deputy']);
    expect(options.groups).toEqual([{ id: groupId, name: 'Safeguarding team', members: 3 }]);
    // Only someone who may see the documents can ask.
    await expect(documentAlertOptions(slt, pupil)).rejects.toBeInstanceOf(NotAllowedError);
  });

  it('refuses someone chosen who may not read the document, naming them, and alerts nobody', async () => {
    const refused = await run(dsl, [deputy.user.id, teacher.user.id]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UserError);
    expect((refused as UserError).fieldErrors).toEqual({
      alertUserIds: ['Tia Teacher cannot see this pupil’s documents, so cannot be alerted to one.'],
    });
    expect(await liveAlertsOf(deputy.user.id)).toEqual([]);
  });

  it('treats another school’s user, a made-up id and a deleted or other school’s document as not found', async () => {
    await expect(run(dsl, [dslB.user.id])).rejects.toBeInstanceOf(NotFoundError);
    await expect(run(dsl, [randomUUID()])).rejects.toBeInstanceOf(NotFoundError);
    await expect(run(dsl, [deputy.user.id], [], randomUUID())).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      alertUsersToDocument(
        dslB,
        alertDocumentInput.parse({ studentId: pupil, documentId, alertUserIds: [dslB.user.id] }),
      ),
    ).rejects.toSatisfy((e) => e instanceof NotFoundError || e instanceof NotAllowedError);
    await deleteVaultDocument(dsl, { studentId: pupil, documentId, reason: 'Checking' });
    await expect(run(dsl, [deputy.user.id])).rejects.toBeInstanceOf(NotFoundError);
    await restoreVaultDocument(dsl, { studentId: pupil, documentId });
    expect(await liveAlertsOf(deputy.user.id)).toEqual([]);
  });

  it('refuses an empty choice, a malformed id and someone without the "Files" permission asking', async () => {
    await expect(run(dsl, [])).rejects.toMatchObject({
      fieldErrors: { alertUserIds: ['Choose at least one person or alert group.'] },
    });
    expect(
      alertDocumentInput.safeParse({ studentId: pupil, documentId, alertUserIds: 'x', alertGroupIds: '' }).success,
    ).toBe(false);
    await expect(run(slt, [deputy.user.id])).rejects.toBeInstanceOf(NotAllowedError);
  });

  it('alerts the group’s members who may read it, leaves the others out and says so; email carries no pupil or file name', async () => {
    const message = await run(dsl, [], [groupId]);
    expect(message).toBe(
      '1 person alerted. 2 members of the chosen groups cannot see this pupil’s documents and were not alerted.',
    );
    expect(await liveAlertsOf(deputy.user.id)).toHaveLength(1);
    expect(await liveAlertsOf(slt.user.id)).toEqual([]);
    expect(await liveAlertsOf(teacher.user.id)).toEqual([]);

    const mail = await inSchool(a.id, (tx) =>
      tx
        .select({ to: outbox.toAddress, subject: outbox.subject, text: outbox.bodyText, html: outbox.bodyHtml })
        .from(outbox)
        .where(eq(outbox.schoolId, a.id)),
    );
    expect(mail.map((m) => m.to)).toEqual(['deputy@alerts.test']);
    const all = JSON.stringify(mail);
    for (const secret of ['Marisol', 'Quennell', 'Strategy', '4QX', '.pdf', 'minutes'])
      expect(all).not.toContain(secret);
    expect(mail[0]!.text).toContain('Dee Ess shared a document with you on Haven');
    expect(mail[0]!.text).toMatch(/Sign in to see it: http/);

    const [audit] = await inSchool(a.id, (tx) =>
      tx
        .select({ details: auditLog.details, actor: auditLog.actorUserId })
        .from(auditLog)
        .where(and(eq(auditLog.action, 'document.alert_sent'), eq(auditLog.entityId, pupil))),
    );
    expect(audit).toMatchObject({
      actor: dsl.user.id,
      details: { documentId, recipientIds: [deputy.user.id], alertGroupIds: [groupId], leftOut: 2 },
    });
  });

  it('shows on the recipient’s dashboard, naming the pupil only once they may see them, until marked read', async () => {
    const [item] = await listMyDocumentAlerts(deputy, DEFAULT_NAME_STYLE);
    expect(item).toMatchObject({ studentId: pupil, studentName: 'Marisol Quennell', raisedBy: 'Dee Ess' });
    // Without their key in use, the alert is there but does not say who it is about.
    expect(await listMyDocumentAlerts(deputyAsleep, DEFAULT_NAME_STYLE)).toEqual([
      expect.objectContaining({ id: item!.id, studentName: null }),
    ]);
    expect(await listMyDocumentAlerts(teacher, DEFAULT_NAME_STYLE)).toEqual([]);
    // Only one's own alert can be marked read.
    await expect(markDocumentAlertRead(teacher, { documentAlertId: item!.id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(markDocumentAlertRead(dslB, { documentAlertId: item!.id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(markDocumentAlertRead(deputy, { documentAlertId: 'nope' })).rejects.toBeInstanceOf(NotFoundError);
    await markDocumentAlertRead(deputy, { documentAlertId: item!.id });
    expect(await listMyDocumentAlerts(deputy, DEFAULT_NAME_STYLE)).toEqual([]);
    await expect(markDocumentAlertRead(deputy, { documentAlertId: item!.id })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('alerts a chosen reader directly, never the person alerting', async () => {
    expect(await run(dsl, [deputy.user.id, dsl.user.id])).toBe('1 person alerted.');
    expect(await liveAlertsOf(dsl.user.id)).toEqual([]);
    expect(await liveAlertsOf(deputy.user.id)).toHaveLength(2);
  });
});

/**
 * "Alert users" from a record's file in the pupil's vault: who is offered and
 * accepted is exactly who may read the incident (not who may open the vault);
 * someone chosen who may not is refused by name, group members who may not
 * are left out and counted; another school's user is "not found"; the
 * dashboard alert leads to the incident and the email names nothing. A
 * direct upload's alert still follows the vault's rule. The staff list is
 * built with a fixed number of reads, whatever the number of staff, and gives
 * every person the subject the engine would give them with their key.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { inSchool } from '@/db/scoped';
import {
  alertGroupMembers,
  alertGroups,
  auditLog,
  categories,
  classRestrictionMembers,
  documentAlerts,
  incidents,
  outbox,
  userGroups,
} from '@/db/schema';
import { loadAccessSubject, staffSubjects } from '@/lib/access';
import { listMyDocumentAlerts } from '@/lib/alerts';
import { NotFoundError, UserError } from '@/lib/errors';
import { createIncident } from '@/lib/incidents/create';
import { DEFAULT_NAME_STYLE } from '@/lib/students';
import type { School, UserCtx } from '@/lib/tenancy/context';
import {
  alertDocumentInput,
  alertUsersToDocument,
  documentAlertOptions,
  receivePendingAttachment,
  receiveVaultUpload,
} from '@/lib/vault';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';

withTestDatabase({ HAVEN_DATA_DIR: await mkdtemp(path.join(os.tmpdir(), 'haven-record-alerts-')) });

const FILE_NAME = 'Core group minutes 7TZ.pdf';
const PDF = Buffer.from(`%PDF-1.7\n% minutes\n${'1 0 obj <<>> endobj\n'.repeat(20)}trailer <<>>\n%%EOF\n`);

let a: School;
let b: School;
let dsl: UserCtx;
let dsl2: UserCtx;
let pastoral: UserCtx;
let slt: UserCtx;
let dslB: UserCtx;
let pupil: string;
let incidentId: string;
let incidentNumber: number;
let recordFile: string;
let vaultFile: string;
let groupId: string;

const body = (bytes: Buffer, name: string) =>
  new Request('http://a.localhost/x', {
    method: 'POST',
    body: new Uint8Array(bytes),
    headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(name) },
  });

const alert = (ctx: UserCtx, documentId: string, alertUserIds: string[], alertGroupIds: string[] = []) =>
  alertUsersToDocument(ctx, alertDocumentInput.parse({ studentId: pupil, documentId, alertUserIds, alertGroupIds }));

const alertsOf = (userId: string) =>
  inSchool(a.id, (tx) =>
    tx.select({ documentId: documentAlerts.documentId }).from(documentAlerts).where(eq(documentAlerts.userId, userId)),
  );

/** The context with every statement its transactions start counted. */
function counting(ctx: UserCtx): { ctx: UserCtx; statements: () => number } {
  let n = 0;
  const counted = new Set(['select', 'selectDistinct', 'insert', 'update', 'delete', 'execute']);
  const wrapped: UserCtx = {
    ...ctx,
    run: (fn) =>
      ctx.run((tx) =>
        fn(
          new Proxy(tx, {
            get(target, prop, receiver) {
              const value = Reflect.get(target, prop, receiver) as unknown;
              if (typeof value !== 'function') return value;
              return (...args: unknown[]) => {
                if (counted.has(String(prop))) n += 1;
                return (value as (...a: unknown[]) => unknown).apply(target, args);
              };
            },
          }),
        ),
      ),
  };
  return { ctx: wrapped, statements: () => n };
}

beforeAll(async () => {
  a = await makeSchool('record-alerts-a');
  b = await makeSchool('record-alerts-b');
  // Pastoral staff with "Files": they open the vault, but may not read Child Protection incidents.
  await inSchool(a.id, (tx) =>
    tx
      .update(userGroups)
      .set({ permissions: sql`${userGroups.permissions} || '["files"]'::jsonb` })
      .where(and(eq(userGroups.schoolId, a.id), eq(userGroups.name, 'Pastoral'))),
  );
  const u = (email: string, displayName: string, memberships: Record<string, string>) =>
    makeUser({ email, displayName, memberships, totpSecret: 'JBSWY3DPEHPK3PXP' });
  dsl = (await signedIn(a, await u('dsl@ra.test', 'Dee Lead', { 'record-alerts-a': 'DSL' }), { elevated: true })).ctx;
  dsl2 = (await signedIn(a, await u('dsl2@ra.test', 'Dana Deputy', { 'record-alerts-a': 'DSL' }), { elevated: true }))
    .ctx;
  pastoral = (
    await signedIn(a, await u('hoy@ra.test', 'Hal Year', { 'record-alerts-a': 'Pastoral' }), { elevated: true })
  ).ctx;
  // SLT read every category's incidents but hold no "Files".
  slt = (await signedIn(a, await u('slt@ra.test', 'Sam Senior', { 'record-alerts-a': 'SLT' }), { elevated: true })).ctx;
  dslB = (await signedIn(b, await u('dslb@ra.test', 'Bea Other', { 'record-alerts-b': 'DSL' }), { elevated: true }))
    .ctx;
  [pupil = ''] = await addPupils(a.id, [{ legalForename: 'Marisol', legalSurname: 'Quennell', tutorGroup: '7A' }]);
  const cats = await inSchool(a.id, (tx) => tx.select({ id: categories.id, name: categories.name }).from(categories));
  const pending = await receivePendingAttachment(dsl, body(PDF, FILE_NAME));
  if (!pending.ok) throw new Error(pending.message);
  const created = await createIncident(dsl, {
    studentId: pupil,
    text: 'Disclosure at break; minutes attached.',
    categoryIds: cats.find((c) => c.name === 'Child Protection')!.id,
    attachmentIds: pending.documentIds[0]!,
  });
  incidentId = created.incidentId;
  recordFile = pending.documentIds[0]!;
  const uploaded = await receiveVaultUpload(dsl, pupil, body(PDF, 'Previous school letter.pdf'));
  if (!uploaded.ok) throw new Error(uploaded.message);
  vaultFile = uploaded.documentIds[0]!;
  const [row] = await inSchool(a.id, (tx) =>
    tx.select({ number: incidents.number }).from(incidents).where(eq(incidents.id, incidentId)),
  );
  incidentNumber = row!.number;
  groupId = randomUUID();
  await inSchool(a.id, async (tx) => {
    await tx.insert(alertGroups).values({ id: groupId, schoolId: a.id, name: 'Safeguarding team' });
    for (const member of [dsl2, pastoral, slt]) {
      await tx
        .insert(alertGroupMembers)
        .values({ id: randomUUID(), schoolId: a.id, alertGroupId: groupId, userId: member.user.id });
    }
  });
});

describe('alerting staff to a record’s file', () => {
  it('offers for each file exactly who may read it: the incident’s readers for its file, the vault’s for an upload', async () => {
    const options = await documentAlertOptions(dsl, pupil);
    expect(options.staffByDocument[recordFile]!.map((s) => s.name)).toEqual(['Dana Deputy', 'Sam Senior']);
    expect(options.staffByDocument[vaultFile]!.map((s) => s.name)).toEqual(['Dana Deputy', 'Hal Year']);
  });

  it('refuses someone chosen who may not read the incident, naming them, and stores nothing', async () => {
    const refused = await alert(dsl, recordFile, [dsl2.user.id, pastoral.user.id]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UserError);
    expect((refused as UserError).fieldErrors).toEqual({
      alertUserIds: [
        `Hal Year cannot see incident #${incidentNumber} (the record this file belongs to), so cannot be alerted to it.`,
      ],
    });
    expect(await alertsOf(dsl2.user.id)).toEqual([]);
  });

  it('treats another school’s user and a made-up id as not found, and a reader who may not see the file as not found', async () => {
    await expect(alert(dsl, recordFile, [dslB.user.id])).rejects.toBeInstanceOf(NotFoundError);
    await expect(alert(dsl, recordFile, [randomUUID()])).rejects.toBeInstanceOf(NotFoundError);
    // Pastoral open the vault but may not read the incident: its file is not theirs to pass on.
    await expect(alert(pastoral, recordFile, [dsl2.user.id])).rejects.toBeInstanceOf(NotFoundError);
    expect(await alertsOf(dsl2.user.id)).toEqual([]);
  });

  it('alerts the group’s members who may read the incident, leaves the others out and says so; audited; email names nothing', async () => {
    const message = await alert(dsl, recordFile, [], [groupId]);
    expect(message).toBe(
      `2 people alerted. 1 member of the chosen groups cannot see incident #${incidentNumber} (the record this file belongs to) and was not alerted.`,
    );
    expect(await alertsOf(slt.user.id)).toEqual([{ documentId: recordFile }]);
    expect(await alertsOf(dsl2.user.id)).toEqual([{ documentId: recordFile }]);
    expect(await alertsOf(pastoral.user.id)).toEqual([]);
    const [audit] = await inSchool(a.id, (tx) =>
      tx
        .select({ details: auditLog.details })
        .from(auditLog)
        .where(and(eq(auditLog.action, 'document.alert_sent'), eq(auditLog.entityId, pupil))),
    );
    expect(audit?.details).toMatchObject({ documentId: recordFile, incidentId, leftOut: 1 });
    const mail = await inSchool(a.id, (tx) =>
      tx.select({ to: outbox.toAddress, subject: outbox.subject, text: outbox.bodyText }).from(outbox),
    );
    expect(mail.map((m) => m.to).sort()).toEqual(['dsl2@ra.test', 'slt@ra.test']);
    for (const secret of ['Marisol', 'Quennell', 'Core group', '7TZ', '.pdf', 'Child Protection'])
      expect(JSON.stringify(mail)).not.toContain(secret);
  });

  it('leads the dashboard alert to the incident, naming the pupil to a reader without "Files"', async () => {
    const [item] = await listMyDocumentAlerts(slt, DEFAULT_NAME_STYLE);
    expect(item).toMatchObject({ studentId: pupil, incidentId, studentName: 'Marisol Quennell', raisedBy: 'Dee Lead' });
    expect(await listMyDocumentAlerts(pastoral, DEFAULT_NAME_STYLE)).toEqual([]);
  });

  it('still alerts to a direct upload under the vault’s rule', async () => {
    expect(await alert(dsl, vaultFile, [pastoral.user.id])).toBe('1 person alerted.');
    await expect(alert(dsl, vaultFile, [slt.user.id])).rejects.toMatchObject({
      fieldErrors: { alertUserIds: ['Sam Senior cannot see this pupil’s documents, so cannot be alerted to one.'] },
    });
    const [item] = await listMyDocumentAlerts(pastoral, DEFAULT_NAME_STYLE);
    expect(item).toMatchObject({ incidentId: null, studentName: 'Marisol Quennell' });
  });
});

describe('the list of staff an alert may go to', () => {
  it('gives each person the subject the engine gives them with their key, class lists included', async () => {
    const restricted: School = { ...a, settings: { ...a.settings, classRestrictions: 'tutor' } };
    const pastoralGroup = (
      await inSchool(a.id, (tx) =>
        tx
          .select({ id: userGroups.id })
          .from(userGroups)
          .where(and(eq(userGroups.schoolId, a.id), eq(userGroups.name, 'Pastoral'))),
      )
    )[0]!.id;
    await inSchool(a.id, (tx) =>
      tx.insert(classRestrictionMembers).values([
        { id: randomUUID(), schoolId: a.id, groupKind: 'tutor', groupName: '7A', userId: slt.user.id },
        { id: randomUUID(), schoolId: a.id, groupKind: 'tutor', groupName: '8B', userGroupId: pastoralGroup },
      ]),
    );
    const now = new Date();
    const batch = await inSchool(a.id, (tx) => staffSubjects(tx, restricted, now));
    expect([...batch.keys()].sort()).toEqual([dsl.user.id, dsl2.user.id, pastoral.user.id, slt.user.id].sort());
    for (const ctx of [dsl, dsl2, pastoral, slt]) {
      const own = await loadAccessSubject({ ...ctx, school: restricted }, now);
      expect(batch.get(ctx.user.id)).toEqual({ ...own, alertedIncidentIds: new Set() });
    }
    expect(batch.get(slt.user.id)!.classRestriction).toEqual({ kind: 'tutor', groups: new Set(['7A']) });
    expect(batch.get(pastoral.user.id)!.classRestriction).toEqual({ kind: 'tutor', groups: new Set(['8B']) });
  });

  it('costs the same number of reads for four staff as for twelve', async () => {
    const before = counting(dsl);
    const few = await documentAlertOptions(before.ctx, pupil);
    for (let i = 0; i < 8; i++) {
      await makeUser({
        email: `extra${i}@ra.test`,
        displayName: `Extra ${i}`,
        memberships: { 'record-alerts-a': i % 2 ? 'SLT' : 'Pastoral' },
      });
    }
    const after = counting(dsl);
    const many = await documentAlertOptions(after.ctx, pupil);
    expect(many.staffByDocument[recordFile]!.length).toBe(few.staffByDocument[recordFile]!.length + 4);
    expect(many.staffByDocument[vaultFile]!.length).toBe(few.staffByDocument[vaultFile]!.length + 4);
    expect(before.statements()).toBeGreaterThan(5);
    expect(after.statements()).toBe(before.statements());
  });
});

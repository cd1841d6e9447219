/**
 * Transfer detection across schools, through the MIS importer's own path: who
 * is matched (a leaver with incidents and one joiner on roll elsewhere with
 * the same valid UPN) and who never is; idempotence; the deadline; the
 * content-free email; and the transfers table's row-level security.
 */
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { readSample, sampleBundle } from '../support/bundles';
import { privileged } from '@/db/privileged';
import { inNoSchool, inSchool, rowsOf } from '@/db/scoped';
import { auditLog, categories, incidentCategories, incidents, outbox, students, transfers } from '@/db/schema';
import { findSchoolBySlug } from '@/lib/schools/queries';
import { importFromPath } from '@/lib/mis/service';
import { upnHash } from '@/lib/mis/upn-hash';
import {
  authoriseTransfer,
  confirmTransferReceipt,
  declineTransfer,
  detectTransfers,
  getTransferToAuthorise,
  saveTransferPreferences,
  listTransfers,
  markAuthorised,
  markTransferred,
  requestTransfer,
  TRANSFER_EMAIL_SUBJECT,
} from '@/lib/transfers';
import { DEFAULT_NAME_STYLE } from '@/lib/students/names';
import type { School } from '@/lib/tenancy/context';

withTestDatabase();

const NOW = new Date('2025-11-20T12:00:00Z');
const totpSecret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

/** students.csv of the sample with some pupils' columns changed, and optionally only some pupils kept. */
function studentsCsv(changes: Record<string, Record<string, string>>, keep?: string[]): string {
  const [header, ...rows] = readSample('students.csv').trimEnd().split('\n');
  const cols = header!.split(',');
  const out = rows
    .filter((r) => !keep || keep.includes(r.split(',')[0]!))
    .map((r) => {
      const cells = r.split(',');
      for (const [col, value] of Object.entries(changes[cells[0]!] ?? {})) cells[cols.indexOf(col)] = value;
      return cells.join(',');
    });
  return [header, ...out].join('\n') + '\n';
}

async function pupilId(school: School, misId: string): Promise<string> {
  const [row] = await inSchool(school.id, (tx) =>
    tx.select({ id: students.id }).from(students).where(eq(students.misId, misId)),
  );
  return row!.id;
}

async function addIncident(school: School, studentId: string, authorId: string, number: number) {
  await inSchool(school.id, (tx) =>
    tx.insert(incidents).values({
      id: randomUUID(),
      schoolId: school.id,
      number,
      recordId: randomUUID(),
      studentId,
      role: 'subject',
      text: 'A concern',
      occurredAt: new Date('2025-10-01T10:00:00Z'),
      authorId,
    }),
  );
}

const allTransfers = () =>
  privileged('platform-console', 'test', (tx) =>
    tx
      .select({
        fromStudentId: transfers.fromStudentId,
        toStudentId: transfers.toStudentId,
        fromSchoolId: transfers.fromSchoolId,
        toSchoolId: transfers.toSchoolId,
        status: transfers.status,
        leavingDate: transfers.leavingDate,
        dueOn: transfers.dueOn,
      })
      .from(transfers),
  );

let a: School;
let b: School;
let c: School;
let aDsl: string;
let bDsl: string;
let bTeacher: string;

beforeAll(async () => {
  a = await makeSchool('tf-a', 'Alder Primary');
  b = await makeSchool('tf-b', 'Birch Academy');
  c = await makeSchool('tf-c', 'Cedar School');
  const author = await makeUser({
    email: 'dsl@tf-a.test',
    displayName: 'A DSL',
    memberships: { 'tf-a': 'DSL' },
    totpSecret,
  });
  aDsl = author;
  bDsl = await makeUser({ email: 'dsl@tf-b.test', displayName: 'B DSL', memberships: { 'tf-b': 'DSL' }, totpSecret });
  bTeacher = await makeUser({
    email: 'teacher@tf-b.test',
    displayName: 'B Teacher',
    memberships: { 'tf-b': 'Teachers' },
    totpSecret,
  });
  const left = { leaving_date: '2025-11-05' };
  // At A: S1001 left (matched); S1003 left without incidents; S1004 left with an invalid UPN;
  // S1005 left but starts at B only later; S1006 left but is on roll at B and at C; S1002 is still on roll.
  await importFromPath(
    a,
    sampleBundle({
      'students.csv': studentsCsv({
        S1001: left,
        S1003: left,
        S1004: { ...left, upn: 'A820200126004' },
        S1005: left,
        S1006: left,
      }),
    }),
    NOW,
  );
  await importFromPath(
    b,
    sampleBundle({
      'students.csv': studentsCsv({ S1004: { upn: 'A820200126004' }, S1005: { start_date: '2025-12-01' } }),
    }),
    NOW,
  );
  await importFromPath(c, sampleBundle({ 'students.csv': studentsCsv({}, ['S1006']) }), NOW);
  let n = 1;
  for (const misId of ['S1001', 'S1002', 'S1004', 'S1005', 'S1006'])
    await addIncident(a, await pupilId(a, misId), author, n++);
});

describe('the keyed UPN hash', () => {
  it('is stored for valid UPNs only, and is not the UPN', async () => {
    const rows = await inSchool(a.id, (tx) =>
      tx.select({ misId: students.misId, upn: students.upn, upnHash: students.upnHash }).from(students),
    );
    const s1001 = rows.find((r) => r.misId === 'S1001')!;
    expect(s1001.upnHash).toBe(upnHash('G820200125001'));
    expect(s1001.upnHash).not.toContain('820200125001');
    expect(rows.find((r) => r.misId === 'S1004')).toMatchObject({ upn: null, upnHash: null });
    expect(upnHash('A820200126004')).toBeNull();
  });
});

describe('transfer detection', () => {
  it('matches only the leaver with incidents whose UPN is on roll at exactly one other school, from its start date', async () => {
    const result = await detectTransfers(NOW);
    expect(result.detected).toBe(1);
    const rows = await allTransfers();
    expect(rows).toEqual([
      {
        fromSchoolId: a.id,
        fromStudentId: await pupilId(a, 'S1001'),
        toSchoolId: b.id,
        toStudentId: await pupilId(b, 'S1001'),
        status: 'detected',
        leavingDate: '2025-11-05',
        // Wednesday 5 November → Thu 6, Fri 7, Mon 10, Tue 11, Wed 12 on A's (default) calendar.
        dueOn: '2025-11-12',
      },
    ]);
  });

  it('running twice creates one transfer', async () => {
    expect((await detectTransfers(NOW)).detected).toBe(0);
    expect(await allTransfers()).toHaveLength(1);
  });

  it('a joiner whose start date is reached later is matched then', async () => {
    expect((await detectTransfers(new Date('2025-12-01T09:00:00Z'))).detected).toBe(1);
    const rows = await allTransfers();
    expect(rows.map((r) => r.toStudentId)).toContain(await pupilId(b, 'S1005'));
    // Still never: S1006 (on roll at two schools), S1004 (invalid UPN), S1003 (no incidents), S1002 (on roll at A).
    expect(rows).toHaveLength(2);
  });

  it("emails the receiving school's administrators, content-free, and nobody else", async () => {
    const mail = await privileged('platform-console', 'test', (tx) =>
      tx
        .select({ to: outbox.toAddress, subject: outbox.subject, text: outbox.bodyText })
        .from(outbox)
        .where(eq(outbox.subject, TRANSFER_EMAIL_SUBJECT)),
    );
    expect(mail.map((m) => m.to)).toEqual(['dsl@tf-b.test', 'dsl@tf-b.test']);
    for (const m of mail) {
      expect(m.text).toContain('http://tf-b.localhost:3000/admin/transfers');
      expect(m.text).not.toMatch(/Zoë|O'Brien|Alder|G820200125001/);
    }
  });
});

describe('row-level security on transfers', () => {
  it('each side sees its transfers; a third school and no school see none', async () => {
    const count = async (schoolId: string) =>
      inSchool(schoolId, async (tx) => rowsOf(await tx.execute(sql`select id from transfers`)).length);
    expect(await count(a.id)).toBe(2);
    expect(await count(b.id)).toBe(2);
    expect(await count(c.id)).toBe(0);
    expect(await inNoSchool(async (tx) => rowsOf(await tx.execute(sql`select id from transfers`)).length)).toBe(0);
  });

  it('a third school cannot insert a transfer between others, or update or delete one', async () => {
    const [t] = await allTransfers();
    await expect(
      inSchool(c.id, (tx) =>
        tx.execute(sql`insert into transfers (id, from_school_id, from_student_id, to_school_id, to_student_id,
          leaving_date, due_on) values (${randomUUID()}, ${a.id}, ${t!.fromStudentId}, ${b.id}, ${randomUUID()},
          '2025-11-05', '2025-11-12')`),
      ),
    ).rejects.toThrow();
    const updated = await inSchool(c.id, async (tx) =>
      rowsOf(await tx.execute(sql`update transfers set status = 'declined' returning id`)),
    );
    expect(updated).toEqual([]);
    await expect(inSchool(a.id, (tx) => tx.execute(sql`delete from transfers`))).rejects.toThrow();
    expect((await allTransfers()).every((r) => r.status === 'detected')).toBe(true);
  });
});

describe('the steps of a transfer', () => {
  const s1001Transfer = async () => {
    const from = await pupilId(a, 'S1001');
    const [row] = await privileged('platform-console', 'test', (tx) =>
      tx.select().from(transfers).where(eq(transfers.fromStudentId, from)),
    );
    return row!;
  };

  it('refuses another school, a non-administrator and an administrator without the key', async () => {
    const id = (await s1001Transfer()).id;
    const cDsl = await makeUser({
      email: 'dsl@tf-c.test',
      displayName: 'C DSL',
      memberships: { 'tf-c': 'DSL' },
      totpSecret,
    });
    const third = await signedIn(c, cDsl, { elevated: true });
    await expect(requestTransfer(third.ctx, { transferId: id })).rejects.toThrow(/not found/i);
    const teacher = await signedIn(b, bTeacher, { elevated: true });
    await expect(requestTransfer(teacher.ctx, { transferId: id })).rejects.toMatchObject({ name: 'NotAllowedError' });
    const noKey = await signedIn(b, bDsl);
    await expect(requestTransfer(noKey.ctx, { transferId: id })).rejects.toThrow(/key/i);
    // The sending school cannot request its own transfer: it is on the other side.
    const sender = await signedIn(a, aDsl, { elevated: true });
    await expect(requestTransfer(sender.ctx, { transferId: id })).rejects.toThrow(/not found/i);
    expect((await s1001Transfer()).status).toBe('detected');
  });

  it('the receiving administrator requests once; a doubled request does nothing more; both audit logs record it', async () => {
    const id = (await s1001Transfer()).id;
    const receiver = await signedIn(b, bDsl, { elevated: true });
    await requestTransfer(receiver.ctx, { transferId: id });
    await expect(requestTransfer(receiver.ctx, { transferId: id })).rejects.toThrow(/already been requested/);
    const t = await s1001Transfer();
    expect(t).toMatchObject({ status: 'requested', requestedBy: bDsl });
    const audits = await privileged('platform-console', 'test', (tx) =>
      tx
        .select({ schoolId: auditLog.schoolId, action: auditLog.action, actorLabel: auditLog.actorLabel })
        .from(auditLog)
        .where(eq(auditLog.entityId, id)),
    );
    expect(audits.map((x) => [x.schoolId, x.action]).sort()).toEqual(
      [
        [a.id, 'transfer.requested'],
        [b.id, 'transfer.requested'],
      ].sort(),
    );
    const mail = await privileged('platform-console', 'test', (tx) =>
      tx
        .select({ to: outbox.toAddress, text: outbox.bodyText })
        .from(outbox)
        .where(eq(outbox.toAddress, 'dsl@tf-a.test')),
    );
    expect(mail).toHaveLength(1);
    expect(mail[0]!.text).not.toMatch(/Zoë|O'Brien|Birch/);
  });

  it('lists the transfer on both sides with the clock, naming the pupil only for those who may open them', async () => {
    const receiver = await signedIn(b, bDsl, { elevated: true });
    const { received, sent } = await listTransfers(receiver.ctx, DEFAULT_NAME_STYLE);
    expect(sent).toEqual([]);
    const s1001 = received.find((r) => r.status === 'requested')!;
    expect(s1001).toMatchObject({ pupilName: "Zoë O'Brien", otherSchoolName: 'Alder Primary', dueOn: '2025-11-12' });
    // Real today is long past 12 November 2025: overdue and waiting for the sending school.
    expect(s1001).toMatchObject({ clock: 'overdue', awaiting: 'awaiting authorisation' });
    const noKey = await signedIn(b, bDsl);
    const hidden = await listTransfers(noKey.ctx, DEFAULT_NAME_STYLE);
    expect(hidden.received.every((r) => r.pupilName === null && r.pupilId === null)).toBe(true);
  });

  it('authorised once, transferred once with its counts, receipt confirmed once; no retraction after', async () => {
    const t = await s1001Transfer();
    const now = new Date();
    const step = { transferId: t.id, fromSchoolId: a.id, actorUserId: aDsl, now };
    // Only the sending school's id matches.
    expect(await inSchool(b.id, (tx) => markAuthorised(tx, { ...step, fromSchoolId: b.id }))).toBeNull();
    expect(await inSchool(a.id, (tx) => markAuthorised(tx, step))).not.toBeNull();
    expect(await inSchool(a.id, (tx) => markAuthorised(tx, step))).toBeNull();
    const sent = { ...step, categoryIds: [], incidents: 1, documents: 0 };
    expect(await inSchool(a.id, (tx) => markTransferred(tx, sent))).not.toBeNull();
    expect(await inSchool(a.id, (tx) => markTransferred(tx, sent))).toBeNull();
    const sender = await signedIn(a, aDsl, { elevated: true });
    await expect(declineTransfer(sender.ctx, { transferId: t.id, reason: 'Changed our mind' })).rejects.toThrow(
      /can no longer be declined/,
    );
    const receiver = await signedIn(b, bDsl, { elevated: true });
    await confirmTransferReceipt(receiver.ctx, { transferId: t.id });
    await expect(confirmTransferReceipt(receiver.ctx, { transferId: t.id })).rejects.toThrow(/once/);
    expect(await s1001Transfer()).toMatchObject({ status: 'transferred', incidentCount: 1, confirmedBy: bDsl });
  });

  it('the sending administrator declines with a reason the receiving school sees', async () => {
    const from = await pupilId(a, 'S1005');
    const [t] = await privileged('platform-console', 'test', (tx) =>
      tx.select({ id: transfers.id }).from(transfers).where(eq(transfers.fromStudentId, from)),
    );
    const sender = await signedIn(a, aDsl, { elevated: true });
    await expect(declineTransfer(sender.ctx, { transferId: t!.id, reason: '' })).rejects.toThrow();
    await declineTransfer(sender.ctx, { transferId: t!.id, reason: 'The pupil did not join you' });
    const receiver = await signedIn(b, bDsl, { elevated: true });
    const { received } = await listTransfers(receiver.ctx, DEFAULT_NAME_STYLE);
    expect(received.find((r) => r.id === t!.id)).toMatchObject({
      status: 'declined',
      declineReason: 'The pupil did not join you',
      clock: 'done',
      awaiting: null,
    });
  });
});

describe('preferences and the authorise preview', () => {
  let previewed = '';
  it('nothing ticked sends nothing; ticked categories are counted; another school and no key are refused', async () => {
    const from = await pupilId(a, 'S1006');
    // S1006 is never detected (ambiguous); make a requested transfer for it to preview, as the job would.
    const id = randomUUID();
    previewed = id;
    const toStudentId = await pupilId(c, 'S1006');
    await privileged('platform-console', 'test', (tx) =>
      tx.insert(transfers).values({
        id,
        fromSchoolId: a.id,
        fromStudentId: from,
        toSchoolId: c.id,
        toStudentId,
        status: 'requested',
        leavingDate: '2025-11-05',
        dueOn: '2025-11-12',
      }),
    );
    const sender = await signedIn(a, aDsl, { elevated: true });
    const none = await getTransferToAuthorise(sender.ctx, id, DEFAULT_NAME_STYLE);
    expect(none).toMatchObject({ toSchoolName: 'Cedar School', categories: [], documents: [] });
    const [cat] = await inSchool(a.id, (tx) =>
      tx.select({ id: categories.id, name: categories.name }).from(categories),
    );
    const [inc] = await inSchool(a.id, (tx) =>
      tx.select({ id: incidents.id }).from(incidents).where(eq(incidents.studentId, from)),
    );
    await inSchool(a.id, (tx) =>
      tx.insert(incidentCategories).values({ schoolId: a.id, incidentId: inc!.id, categoryId: cat!.id }),
    );
    const [bCat] = await inSchool(b.id, (tx) => tx.select({ id: categories.id }).from(categories));
    await expect(saveTransferPreferences(sender.ctx, { categoryIds: [bCat!.id] })).rejects.toThrow(/this school only/);
    expect(await saveTransferPreferences(sender.ctx, { categoryIds: [cat!.id] })).toBe(1);
    const fresh = await signedIn((await findSchoolBySlug('tf-a'))!, aDsl, { elevated: true });
    const some = await getTransferToAuthorise(fresh.ctx, id, DEFAULT_NAME_STYLE);
    expect(some.categories).toEqual([{ id: cat!.id, name: cat!.name, incidents: 1 }]);
    const receiver = await signedIn(b, bDsl, { elevated: true });
    await expect(getTransferToAuthorise(receiver.ctx, id, DEFAULT_NAME_STYLE)).rejects.toThrow(/not found/i);
    const noKey = await signedIn(a, aDsl);
    await expect(getTransferToAuthorise(noKey.ctx, id, DEFAULT_NAME_STYLE)).rejects.toThrow(/key/i);
  });

  it('"Authorise and send" copies the preferred categories once, marks it transferred and tells the new school', async () => {
    const id = previewed;
    const receiverOther = await signedIn(b, bDsl, { elevated: true });
    await expect(authoriseTransfer(receiverOther.ctx, { transferId: id })).rejects.toThrow(/not found/i);
    const noKey = await signedIn(a, aDsl);
    await expect(authoriseTransfer(noKey.ctx, { transferId: id })).rejects.toThrow(/key/i);
    const sender = await signedIn((await findSchoolBySlug('tf-a'))!, aDsl, { elevated: true });
    expect(await authoriseTransfer(sender.ctx, { transferId: id })).toEqual({ incidents: 1, documents: 0 });
    await expect(authoriseTransfer(sender.ctx, { transferId: id })).rejects.toThrow(/only once/);
    const [row] = await privileged('platform-console', 'test', (tx) =>
      tx.select().from(transfers).where(eq(transfers.id, id)),
    );
    expect(row).toMatchObject({ status: 'transferred', incidentCount: 1, documentCount: 0, authorisedBy: aDsl });
    expect(row!.categoryIds).toHaveLength(1);
    const copied = await inSchool(c.id, (tx) =>
      tx
        .select({ author: incidents.externalAuthor, text: incidents.text })
        .from(incidents)
        .where(eq(incidents.transferId, id)),
    );
    expect(copied).toEqual([{ author: 'Alder Primary', text: 'A concern' }]);
    const logged = await inSchool(a.id, (tx) =>
      tx.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, id)),
    );
    expect(logged.map((l) => l.action).sort()).toEqual(['transfer.authorised', 'transfer.transferred']);
    const told = await inSchool(c.id, (tx) =>
      tx.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, id)),
    );
    expect(told.map((l) => l.action)).toContain('transfer.transferred');
  });
});

/**
 * The library's alerts, read receipts and "Read by" log against a real
 * database: who may be offered and alerted (only staff who may open the
 * library; another school's user, a pupil-less support assistant, someone
 * without the key refused), a doubled submission alerting once, the
 * content-free email, a teacher's view and "read and understood" stored on
 * their receipt, the dashboard alert's life, and the log on screen, as CSV
 * (cells neutralised) and as a real PNG, refused to a teacher, to a DSL
 * without the key and for another school's file.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { inSchool } from '@/db/scoped';
import { alertGroupMembers, alertGroups, auditLog, libraryReadReceipts, outbox } from '@/db/schema';
import { listMyLibraryAlerts } from '@/lib/alerts';
import { NotAllowedError, NotFoundError, UserError } from '@/lib/errors';
import {
  LIBRARY_NEEDS_KEY,
  NO_READ_BY,
  READ_BY_NEEDS_KEY,
  alertLibraryInput,
  alertLibraryUsers,
  deleteLibraryFile,
  libraryAlertOptions,
  libraryFileForDownload,
  libraryReadBy,
  markLibraryFileUnderstood,
  readByDownload,
  receiveLibraryUpload,
  restoreLibraryFile,
} from '@/lib/library';
import type { School, UserCtx } from '@/lib/tenancy/context';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'haven-library-receipts-'));
withTestDatabase({ HAVEN_DATA_DIR: dataDir });

const PDF = Buffer.from(`%PDF-1.7\n% policy\n${'1 0 obj <<>> endobj\n'.repeat(200)}trailer <<>>\n%%EOF\n`);

let a: School;
let b: School;
let dsl: UserCtx;
let dslNoKey: UserCtx;
let teacher: UserCtx;
let hostile: UserCtx;
let support: UserCtx;
let dslB: UserCtx;
let allStaff: string;

async function upload(ctx: UserCtx, name: string): Promise<string> {
  const answer = await receiveLibraryUpload(
    ctx,
    new Request('http://a.localhost/library/upload', {
      method: 'POST',
      body: new Uint8Array(PDF),
      headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(name) },
    }),
  );
  if (!answer.ok) throw new Error(answer.message);
  return answer.documentIds[0]!;
}

const alert = (ctx: UserCtx, documentIds: string[], users: string[], groups: string[] = [], requireAction = true) =>
  alertLibraryUsers(
    ctx,
    alertLibraryInput.parse({
      documentIds: documentIds.join(','),
      alertUserIds: users.join(','),
      alertGroupIds: groups.join(','),
      ...(requireAction ? { requireAction: 'on' } : {}),
    }),
  );

const receiptsOf = (documentId: string) =>
  inSchool(a.id, (tx) =>
    tx
      .select({
        userId: libraryReadReceipts.userId,
        alertedBy: libraryReadReceipts.alertedBy,
        alertedAt: libraryReadReceipts.alertedAt,
        requireAction: libraryReadReceipts.requireAction,
        lastViewedAt: libraryReadReceipts.lastViewedAt,
        understoodAt: libraryReadReceipts.understoodAt,
      })
      .from(libraryReadReceipts)
      .where(eq(libraryReadReceipts.documentId, documentId)),
  );

const mailTo = (address: string) =>
  inSchool(a.id, (tx) =>
    tx
      .select({ subject: outbox.subject, text: outbox.bodyText, html: outbox.bodyHtml })
      .from(outbox)
      .where(and(eq(outbox.schoolId, a.id), eq(outbox.toAddress, address))),
  );

const auditOf = (documentId: string) =>
  inSchool(a.id, (tx) =>
    tx
      .select({ action: auditLog.action, actor: auditLog.actorUserId, details: auditLog.details })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'library_document'), eq(auditLog.entityId, documentId)))
      .orderBy(asc(auditLog.at)),
  );

/** A new request's context: each request judges (and stamps) with its own time. */
const later = async (ctx: UserCtx) => (await signedIn(ctx.school, ctx.user.id, { elevated: ctx.user.elevated })).ctx;

beforeAll(async () => {
  a = await makeSchool('receipts-a');
  b = await makeSchool('receipts-b');
  const u = (email: string, displayName: string, memberships: Record<string, string>) =>
    makeUser({ email, displayName, memberships, totpSecret: 'JBSWY3DPEHPK3PXP' });
  const dslId = await u('dsl@receipts.test', 'Dee Ess', { 'receipts-a': 'DSL' });
  dsl = (await signedIn(a, dslId, { elevated: true })).ctx;
  dslNoKey = (await signedIn(a, dslId)).ctx;
  teacher = (await signedIn(a, await u('t@receipts.test', 'Łukasz Żółć', { 'receipts-a': 'Teachers' }))).ctx;
  hostile = (await signedIn(a, await u('h@receipts.test', '=HYPERLINK("x")', { 'receipts-a': 'Teachers' }))).ctx;
  support = (await signedIn(a, await u('s@receipts.test', 'Sid Support', { 'receipts-a': 'Support staff' }))).ctx;
  dslB = (await signedIn(b, await u('dslb@receipts.test', 'Bea Other', { 'receipts-b': 'DSL' }), { elevated: true }))
    .ctx;
  allStaff = randomUUID();
  await inSchool(a.id, async (tx) => {
    await tx.insert(alertGroups).values({ id: allStaff, schoolId: a.id, name: 'All staff' });
    for (const member of [dsl, teacher, hostile, support]) {
      await tx
        .insert(alertGroupMembers)
        .values({ id: randomUUID(), schoolId: a.id, alertGroupId: allStaff, userId: member.user.id });
    }
  });
});

describe('who may be alerted', () => {
  it('offers only staff who may open the library (never the person alerting), and the alert groups', async () => {
    const options = await libraryAlertOptions(dsl);
    expect(options.staff.map((s) => s.name)).toEqual(['=HYPERLINK("x")', 'Łukasz Żółć']);
    expect(options.groups).toEqual([{ id: allStaff, name: 'All staff', members: 4 }]);
    await expect(libraryAlertOptions(teacher)).rejects.toBeInstanceOf(NotAllowedError);
  });

  it('refuses another school’s user or file, someone who may not open the library, and people without add or key', async () => {
    const doc = await upload(dsl, 'Refusals.pdf');
    await expect(alert(dsl, [doc], [dslB.user.id])).rejects.toBeInstanceOf(NotFoundError);
    await expect(alert(dsl, [doc], [randomUUID()])).rejects.toBeInstanceOf(NotFoundError);
    const otherSchoolsFile = await upload(dslB, 'Other school.pdf');
    await expect(alert(dsl, [otherSchoolsFile], [teacher.user.id])).rejects.toBeInstanceOf(NotFoundError);
    await expect(alert(dslB, [doc], [dslB.user.id])).rejects.toBeInstanceOf(NotFoundError);

    const refused = await alert(dsl, [doc], [teacher.user.id, support.user.id]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UserError);
    expect((refused as UserError).fieldErrors).toEqual({
      alertUserIds: ['Sid Support cannot open the library, so cannot be alerted to it.'],
    });
    await expect(alert(teacher, [doc], [hostile.user.id])).rejects.toBeInstanceOf(NotAllowedError);
    await expect(alert(dslNoKey, [doc], [teacher.user.id])).rejects.toThrow(LIBRARY_NEEDS_KEY);
    await expect(alert(dsl, [doc], [])).rejects.toMatchObject({
      fieldErrors: { alertUserIds: ['Choose at least one person or alert group.'] },
    });
    expect(alertLibraryInput.safeParse({ documentIds: doc, alertUserIds: 'x', alertGroupIds: '' }).success).toBe(false);
    await deleteLibraryFile(dsl, { documentId: doc, reason: 'Checking' });
    await expect(alert(dsl, [doc], [teacher.user.id])).rejects.toBeInstanceOf(NotFoundError);
    await restoreLibraryFile(dsl, { documentId: doc });
    expect(await receiptsOf(doc)).toEqual([]);
    expect(await mailTo('t@receipts.test')).toEqual([]);
  });
});

describe('alerting, receipts and the dashboard', () => {
  let policy: string;
  let before: Date;

  it('alerts the group’s members who may open the library, once each even when the form is sent twice at once', async () => {
    policy = await upload(dsl, 'Safeguarding policy 2026.pdf');
    before = new Date();
    const send = () => alert(dsl, [policy], [], [allStaff]);
    const answers = await Promise.all([send, send].map((f) => f()));
    expect(answers).toContain(
      '2 people alerted. 1 member of the chosen groups cannot open the library and was not alerted.',
    );
    expect(answers).toContain(
      'Everyone chosen had already been alerted to this file; nobody was alerted again. 1 member of the chosen groups cannot open the library and was not alerted.',
    );
    const receipts = await receiptsOf(policy);
    expect(receipts.map((r) => r.userId).sort()).toEqual([teacher.user.id, hostile.user.id].sort());
    for (const r of receipts)
      expect(r).toMatchObject({ alertedBy: dsl.user.id, requireAction: true, lastViewedAt: null, understoodAt: null });

    const mail = await mailTo('t@receipts.test');
    expect(mail).toHaveLength(1);
    expect(mail[0]!.text).toContain('A document in the library at');
    expect(mail[0]!.text).toMatch(/Sign in to see it: http\S+\/library/);
    expect(JSON.stringify(mail)).not.toMatch(/Safeguarding policy|\.pdf|Dee Ess/);
    expect(await mailTo('s@receipts.test')).toEqual([]);
    expect(await mailTo('dsl@receipts.test')).toEqual([]);

    const sent = (await auditOf(policy)).filter((r) => r.action === 'library.alert_sent');
    expect(sent).toHaveLength(2);
    expect(sent.map((s) => (s.details as { recipientIds: string[] }).recipientIds.length).sort()).toEqual([0, 2]);
  });

  it('puts the file on the teacher’s dashboard; opening stamps the view, marking stamps read and understood', async () => {
    expect(await listMyLibraryAlerts(teacher)).toEqual([
      expect.objectContaining({ documentId: policy, name: 'Safeguarding policy 2026.pdf', alertedBy: 'Dee Ess' }),
    ]);
    expect(await listMyLibraryAlerts(support)).toEqual([]);

    await libraryFileForDownload(await later(teacher), policy);
    const viewed = (await receiptsOf(policy)).find((r) => r.userId === teacher.user.id)!;
    expect(viewed.lastViewedAt!.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(viewed.understoodAt).toBeNull();
    // Action was asked for: opening alone does not end the alert.
    expect(await listMyLibraryAlerts(teacher)).toHaveLength(1);

    // Only someone alerted to this school's live file may mark it.
    await expect(markLibraryFileUnderstood(support, { documentId: policy })).rejects.toBeInstanceOf(NotAllowedError);
    await expect(markLibraryFileUnderstood(dsl, { documentId: policy })).rejects.toBeInstanceOf(NotFoundError);
    await expect(markLibraryFileUnderstood(dslB, { documentId: policy })).rejects.toBeInstanceOf(NotFoundError);
    await expect(markLibraryFileUnderstood(teacher, { documentId: 'nope' })).rejects.toBeInstanceOf(NotFoundError);

    const clicked = new Date();
    await markLibraryFileUnderstood(await later(teacher), { documentId: policy });
    const marked = (await receiptsOf(policy)).find((r) => r.userId === teacher.user.id)!;
    expect(marked.understoodAt!.getTime()).toBeGreaterThanOrEqual(clicked.getTime());
    expect(marked.understoodAt!.getTime()).toBeLessThanOrEqual(Date.now());
    expect(await listMyLibraryAlerts(teacher)).toEqual([]);
    // A second click keeps the first time and writes no second audit row.
    await markLibraryFileUnderstood(await later(teacher), { documentId: policy });
    expect((await receiptsOf(policy)).find((r) => r.userId === teacher.user.id)!.understoodAt).toEqual(
      marked.understoodAt,
    );
    expect((await auditOf(policy)).filter((r) => r.action === 'library.document_understood')).toEqual([
      { action: 'library.document_understood', actor: teacher.user.id, details: {} },
    ]);
  });

  it('alerts about several files at once, and says "these files" when everyone had been alerted to them', async () => {
    const second = await upload(dsl, 'Second policy.pdf');
    expect(await alert(dsl, [second], [], [allStaff])).toBe(
      '2 people alerted. 1 member of the chosen groups cannot open the library and was not alerted.',
    );
    expect(await alert(dsl, [policy, second], [], [allStaff])).toBe(
      'Everyone chosen had already been alerted to these files; nobody was alerted again. 1 member of the chosen groups cannot open the library and was not alerted.',
    );
    expect((await receiptsOf(second)).map((r) => r.userId).sort()).toEqual([teacher.user.id, hostile.user.id].sort());
    await markLibraryFileUnderstood(await later(teacher), { documentId: second });
  });

  it('without "require action", the alert leaves the dashboard once the file is opened', async () => {
    const guidance = await upload(dsl, 'Guidance.pdf');
    expect(await alert(dsl, [guidance], [teacher.user.id], [], false)).toBe('1 person alerted.');
    expect((await listMyLibraryAlerts(teacher)).map((x) => x.documentId)).toEqual([guidance]);
    await libraryFileForDownload(await later(teacher), guidance);
    expect(await listMyLibraryAlerts(teacher)).toEqual([]);
    // A deleted file takes its alert off too.
    const gone = await upload(dsl, 'Withdrawn.pdf');
    await alert(dsl, [gone], [hostile.user.id]);
    await deleteLibraryFile(dsl, { documentId: gone, reason: 'Withdrawn' });
    expect((await listMyLibraryAlerts(hostile)).map((x) => x.documentId)).not.toContain(gone);
  });

  it('the read-by log shows each person, who alerted them and when, their view and read times; audited', async () => {
    const log = await libraryReadBy(await later(dsl), policy);
    expect(log.name).toBe('Safeguarding policy 2026.pdf');
    expect(log.rows.map((r) => r.person)).toEqual(['=HYPERLINK("x")', 'Łukasz Żółć']);
    const t = log.rows[1]!;
    expect(t.alertedBy).toBe('Dee Ess');
    expect(t.lastViewedAt).not.toBeNull();
    expect(t.understoodAt).not.toBeNull();
    expect(log.rows[0]).toMatchObject({ lastViewedAt: null, understoodAt: null });
    expect((await auditOf(policy)).at(-1)).toMatchObject({ action: 'library.read_by_viewed', actor: dsl.user.id });
  });

  it('is refused to a teacher, to a DSL without the key, and for another school’s file; nothing audited', async () => {
    const count = (await auditOf(policy)).length;
    await expect(libraryReadBy(teacher, policy)).rejects.toThrow(NO_READ_BY);
    await expect(readByDownload(teacher, policy, 'csv')).rejects.toBeInstanceOf(NotAllowedError);
    await expect(libraryReadBy(dslNoKey, policy)).rejects.toThrow(READ_BY_NEEDS_KEY);
    await expect(libraryReadBy(dslB, policy)).rejects.toBeInstanceOf(NotFoundError);
    await expect(readByDownload(dslB, policy, 'png')).rejects.toBeInstanceOf(NotFoundError);
    await expect(libraryReadBy(dsl, 'not-an-id')).rejects.toBeInstanceOf(NotFoundError);
    expect(await auditOf(policy)).toHaveLength(count);
  });

  it('downloads as CSV with spreadsheet formulas neutralised', async () => {
    const csv = new TextDecoder().decode((await readByDownload(await later(dsl), policy, 'csv')).body);
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('Person,Alerted by,Alerted at,Last viewed,Read and understood');
    expect(lines[1]).toMatch(/^"'=HYPERLINK\(""x""\)",Dee Ess,.+,Not opened,Not yet$/);
    expect(lines[2]).toMatch(
      /^Łukasz Żółć,Dee Ess,"\d{1,2} \w{3} \d{4}, \d{2}:\d{2}","\d{1,2} \w{3} \d{4}, \d{2}:\d{2}","\d/,
    );
    expect(lines).toHaveLength(3);
    expect((await auditOf(policy)).at(-1)).toMatchObject({
      action: 'library.read_by_downloaded',
      details: { format: 'csv' },
    });
  });

  it('downloads as a real PNG: signature, chunks with valid CRCs, and pixel data of the stated size', async () => {
    const file = await readByDownload(await later(dsl), policy, 'png');
    expect(file.contentType).toBe('image/png');
    expect(file.fileName).toBe('read-by-Safeguarding-policy-2026.png');
    const png = Buffer.from(file.body);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const { crc32 } = await import('node:zlib');
    let at = 8;
    const chunks: { type: string; data: Buffer }[] = [];
    while (at < png.length) {
      const len = png.readUInt32BE(at);
      const type = png.subarray(at + 4, at + 8).toString('latin1');
      const data = png.subarray(at + 8, at + 8 + len);
      expect(png.readUInt32BE(at + 8 + len)).toBe(crc32(png.subarray(at + 4, at + 8 + len)));
      chunks.push({ type, data });
      at += 12 + len;
    }
    expect(chunks[0]!.type).toBe('IHDR');
    expect(chunks.at(-1)!.type).toBe('IEND');
    const width = chunks[0]!.data.readUInt32BE(0);
    const height = chunks[0]!.data.readUInt32BE(4);
    const [bitDepth, colourType] = [chunks[0]!.data[8], chunks[0]!.data[9]];
    expect(width).toBeGreaterThan(600);
    expect(height).toBeGreaterThan(100);
    expect([bitDepth, colourType]).toEqual([8, 6]);
    const pixels = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
    expect(pixels.length).toBe(height * (1 + width * 4));
    // Not a blank page: once the rows are unfiltered, some pixels are dark (the text).
    const raster = unfilter(pixels, width, height);
    let dark = 0;
    for (let i = 0; i < raster.length; i += 4) if (raster[i]! < 80 && raster[i + 3]! > 200) dark++;
    expect(dark).toBeGreaterThan(500);
    expect((await auditOf(policy)).at(-1)).toMatchObject({ details: { format: 'png' } });
  });
});

/** PNG rows back to RGBA bytes (filters None, Sub, Up, Average, Paeth; 4 bytes a pixel). */
function unfilter(data: Buffer, width: number, height: number): Uint8Array {
  const stride = width * 4;
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = data[y * (stride + 1)]!;
    for (let i = 0; i < stride; i++) {
      const raw = data[y * (stride + 1) + 1 + i]!;
      const left = i >= 4 ? out[y * stride + i - 4]! : 0;
      const up = y > 0 ? out[(y - 1) * stride + i]! : 0;
      const upLeft = y > 0 && i >= 4 ? out[(y - 1) * stride + i - 4]! : 0;
      let pred = 0;
      if (filter === 1) pred = left;
      else if (filter === 2) pred = up;
      else if (filter === 3) pred = (left + up) >> 1;
      else if (filter === 4) {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        pred = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      } else expect(filter).toBe(0);
      out[y * stride + i] = (raw + pred) & 0xff;
    }
  }
  return out;
}

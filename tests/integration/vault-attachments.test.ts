/**
 * Files attached to incidents and actions, against a real database and the
 * local blob store: pending uploads claimed by the save (and the claims
 * refused: someone else's, another school's, already claimed, removed, a
 * doubled submission), sharing with a linked pupil, removal as a versioned
 * edit and its restore, visibility through a category the viewer may not
 * read (list, download, zip), and the sweep that removes unclaimed uploads
 * but never a claimed or versioned file.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { inSchool } from '@/db/scoped';
import { auditLog, categories, documents, incidents, incidentVersions, userGroups } from '@/db/schema';
import { accessSubjectOf } from '@/lib/access';
import { NotFoundError, UserError } from '@/lib/errors';
import { addAction, editIncident, getIncident, listIncidentVersions, restoreVersionAttachments } from '@/lib/incidents';
import { DEFAULT_NAME_STYLE } from '@/lib/students/names';
import { createIncident } from '@/lib/incidents/create';
import type { School, UserCtx } from '@/lib/tenancy/context';
import {
  documentForDownload,
  documentsForZip,
  listVaultDocuments,
  openDocumentStream,
  pupilForDocuments,
  receivePendingAttachment,
  NO_FILES_PERMISSION,
  receiveVaultUpload,
  recordFileForDownload,
  sweepOrphanDocumentBlobs,
} from '@/lib/vault';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';
import { expectNoLeak, type FixtureSchool } from '../support/isolation';
import { zipDocuments } from '@/lib/vault';

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'haven-attach-'));
withTestDatabase({ HAVEN_DATA_DIR: dataDir });

const PHRASE = 'Strategy meeting minutes: marker 9XK2';
const PDF = Buffer.from(`%PDF-1.7\n% ${PHRASE}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(300, 7)]);

let a: School;
let b: School;
let dsl: UserCtx;
let dsl2: UserCtx;
let pastoral: UserCtx;
let dslB: UserCtx;
let slt: UserCtx;
let ada: string;
let ben: string;
let cleo: string;
let cat: Record<string, string>;

const upload = (name: string, bytes: Buffer) =>
  new Request('http://a.localhost/incidents/attachments', {
    method: 'POST',
    body: new Uint8Array(bytes),
    headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(name) },
  });

async function pending(ctx: UserCtx, name: string, bytes: Buffer = PDF): Promise<string> {
  const answer = await receivePendingAttachment(ctx, upload(name, bytes));
  if (!answer.ok) throw new Error(answer.message);
  return answer.documentIds[0]!;
}

const incident = (over: Record<string, unknown> = {}) => ({
  studentId: ada,
  text: 'Ada disclosed at break; minutes and a photo attached.',
  categoryIds: cat['Child Protection']!,
  ...over,
});

async function vault(ctx: UserCtx, studentId: string) {
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) =>
    listVaultDocuments(tx, ctx, subject, await pupilForDocuments(tx, ctx, subject, studentId, 'student.documents')),
  );
}

async function read(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(parts);
}

const docRow = async (id: string) =>
  (await inSchool(a.id, (tx) => tx.select().from(documents).where(eq(documents.id, id))))[0];
const incidentCount = async () =>
  (await inSchool(a.id, (tx) => tx.select({ id: incidents.id }).from(incidents))).length;

beforeAll(async () => {
  a = await makeSchool('attach-a');
  b = await makeSchool('attach-b');
  const u = async (email: string, memberships: Record<string, string>) =>
    makeUser({ email, displayName: email.split('@')[0]!, memberships, totpSecret: 'JBSWY3DPEHPK3PXP' });
  // Pastoral staff with the files permission: they may open the vault, but not read Child Protection incidents.
  await inSchool(a.id, (tx) =>
    tx
      .update(userGroups)
      .set({ permissions: sql`${userGroups.permissions} || '["files"]'::jsonb` })
      .where(and(eq(userGroups.schoolId, a.id), eq(userGroups.name, 'Pastoral'))),
  );
  dsl = (await signedIn(a, await u('dsl@attach.test', { 'attach-a': 'DSL' }), { elevated: true })).ctx;
  dsl2 = (await signedIn(a, await u('dsl2@attach.test', { 'attach-a': 'DSL' }), { elevated: true })).ctx;
  pastoral = (await signedIn(a, await u('hoy@attach.test', { 'attach-a': 'Pastoral' }), { elevated: true })).ctx;
  dslB = (await signedIn(b, await u('dslb@attach.test', { 'attach-b': 'DSL' }), { elevated: true })).ctx;
  // SLT read every category's incidents but hold no "Files": the Document vault is closed to them.
  slt = (await signedIn(a, await u('slt@attach.test', { 'attach-a': 'SLT' }), { elevated: true })).ctx;
  [ada = '', ben = ''] = await addPupils(a.id, [
    { legalForename: 'Ada', legalSurname: 'Attach' },
    { legalForename: 'Ben', legalSurname: 'Attach' },
  ]);
  [cleo = ''] = await addPupils(b.id, [{ legalForename: 'Cleo', legalSurname: 'Other' }]);
  const rows = await inSchool(a.id, (tx) => tx.select({ id: categories.id, name: categories.name }).from(categories));
  cat = Object.fromEntries(rows.map((r) => [r.name, r.id]));
});

describe('attaching files to a new incident', () => {
  it('stores an upload as pending (no pupil, read by nobody), then the save claims it for the incident', async () => {
    const pdf = await pending(dsl, 'Strategy minutes.pdf');
    const row = await docRow(pdf);
    expect(row).toMatchObject({ source: 'pending', studentId: null, incidentId: null, uploadedBy: dsl.user.id });
    await expect(documentForDownload(dsl, ada, pdf)).rejects.toBeInstanceOf(NotFoundError);

    const png = await pending(dsl, 'Bruise photo.png', PNG);
    const created = await createIncident(dsl, incident({ attachmentIds: `${pdf},${png}` }));
    expect(await docRow(pdf)).toMatchObject({ source: 'incident', studentId: ada, incidentId: created.incidentId });
    const list = await vault(dsl, ada);
    expect(list.documents.map((d) => [d.name, d.record?.number])).toEqual(
      expect.arrayContaining([
        ['Strategy minutes.pdf', created.number],
        ['Bruise photo.png', created.number],
      ]),
    );
    const [v1] = await inSchool(a.id, (tx) =>
      tx.select().from(incidentVersions).where(eq(incidentVersions.incidentId, created.incidentId)),
    );
    expect(v1!.snapshot.documentIds).toEqual([pdf, png]);
    const doc = await documentForDownload(dsl, ada, pdf);
    expect((await read((await openDocumentStream(a.id, doc))!)).equals(PDF)).toBe(true);
  });

  it('refuses someone else’s pending file, another school’s, and one already claimed, saving no incident', async () => {
    const before = await incidentCount();
    const theirs = await pending(dsl2, 'Theirs.pdf');
    const otherSchool = await pending(dslB, 'Other school.pdf');
    const mine = await pending(dsl, 'Mine.pdf');
    for (const ids of [`${mine},${theirs}`, `${mine},${otherSchool}`]) {
      const refused = createIncident(dsl, incident({ attachmentIds: ids }));
      await expect(refused).rejects.toBeInstanceOf(UserError);
      await expect(refused).rejects.toMatchObject({
        fieldErrors: { attachments: [expect.stringContaining('Upload it again')] },
      });
    }
    expect(await incidentCount()).toBe(before);
    // Nothing half-saved: the refused submissions left every file pending, the other school's untouched.
    expect(await docRow(mine)).toMatchObject({ source: 'pending', incidentId: null });
    expect(await docRow(theirs)).toMatchObject({ source: 'pending', uploadedBy: dsl2.user.id });
    const inB = await inSchool(b.id, (tx) => tx.select().from(documents).where(eq(documents.id, otherSchool)));
    expect(inB[0]).toMatchObject({ source: 'pending' });

    await createIncident(dsl, incident({ attachmentIds: mine }));
    await expect(createIncident(dsl, incident({ attachmentIds: mine }))).rejects.toBeInstanceOf(UserError);
    expect(await incidentCount()).toBe(before + 1);
  });

  it('a doubled submission saves one incident and claims its files once', async () => {
    const before = await incidentCount();
    const file = await pending(dsl, 'Once.pdf');
    const key = randomUUID();
    const first = await createIncident(dsl, incident({ attachmentIds: file, submissionKey: key }));
    const again = await createIncident(dsl, incident({ attachmentIds: file, submissionKey: key }));
    expect(again).toEqual(first);
    expect(await incidentCount()).toBe(before + 1);
    const rows = await inSchool(a.id, (tx) =>
      tx.select().from(documents).where(eq(documents.incidentId, first.incidentId)),
    );
    expect(rows.map((r) => r.id)).toEqual([file]);
  });

  it('two saves of the same file at once: one claims it, the other is refused', async () => {
    const file = await pending(dsl, 'Race.pdf');
    const results = await Promise.allSettled([
      createIncident(dsl, incident({ attachmentIds: file })),
      createIncident(dsl, incident({ attachmentIds: file })),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
  });
});

describe('sharing with linked pupils and who may read what', () => {
  let incidentId = '';
  let pdf = '';
  it('shares the files with the linked pupil: both vaults list them, one blob', async () => {
    pdf = await pending(dsl, 'Shared minutes.pdf');
    const png = await pending(dsl, 'Shared photo.png', PNG);
    const created = await createIncident(
      dsl,
      incident({
        linked: JSON.stringify([{ studentId: ben, role: 'witness', categoryIds: [cat['Child Protection']] }]),
        attachmentIds: `${pdf},${png}`,
        shareDocuments: 'on',
      }),
    );
    incidentId = created.incidentId;
    const benList = await vault(dsl, ben);
    const shared = benList.documents.filter((d) => d.name.startsWith('Shared'));
    expect(shared.map((d) => d.record?.number)).toEqual([created.linked[0]!.number, created.linked[0]!.number]);
    const sharedPdf = shared.find((d) => d.name === 'Shared minutes.pdf')!;
    expect(sharedPdf.id).not.toBe(pdf);
    expect((await docRow(sharedPdf.id))!.storageKey).toBe((await docRow(pdf))!.storageKey);
    const doc = await documentForDownload(dsl, ben, sharedPdf.id);
    expect((await read((await openDocumentStream(a.id, doc))!)).equals(PDF)).toBe(true);
    const zip = await documentsForZip(
      dsl,
      ben,
      shared.map((d) => d.id),
    );
    expect(zip).toHaveLength(2);
  });

  it('without “share”, the linked pupil’s copy has no files', async () => {
    const file = await pending(dsl, 'Not shared.pdf');
    await createIncident(
      dsl,
      incident({ linked: JSON.stringify([{ studentId: ben, role: 'witness' }]), attachmentIds: file }),
    );
    expect((await vault(dsl, ben)).documents.map((d) => d.name)).not.toContain('Not shared.pdf');
  });

  it('a viewer who may not read Child Protection sees no row, no download, no zip entry', async () => {
    const direct = await inSchool(a.id, (tx) =>
      tx.select({ id: documents.id }).from(documents).where(eq(documents.studentId, ada)),
    );
    expect(direct.length).toBeGreaterThan(0);
    const list = await vault(pastoral, ada);
    expect(list.documents).toEqual([]);
    await expect(documentForDownload(pastoral, ada, pdf)).rejects.toBeInstanceOf(NotFoundError);
    await expect(documentsForZip(pastoral, ada, [pdf])).rejects.toBeInstanceOf(NotFoundError);
    // A Behaviour incident's file is theirs to read.
    const file = await pending(dsl, 'Behaviour note.pdf');
    await createIncident(dsl, incident({ categoryIds: cat['Behaviour'], attachmentIds: file }));
    expect((await vault(pastoral, ada)).documents.map((d) => d.name)).toEqual(['Behaviour note.pdf']);
    expect((await documentForDownload(pastoral, ada, file)).id).toBe(file);
    // Another school's DSL reaches neither the pupil nor the file.
    await expect(documentForDownload(dslB, ada, pdf)).rejects.toBeInstanceOf(NotFoundError);
    await expect(vault(dslB, cleo)).resolves.toMatchObject({ documents: [] });
    expect(incidentId).not.toBe('');
  });

  it('an action’s files, shared with the linked copies the action goes on', async () => {
    const file = await pending(dsl, 'Action letter.pdf');
    await addAction(dsl, {
      incidentId,
      text: 'Referral made to children’s social care.',
      attachmentIds: file,
      toLinkedPupils: 'on',
      shareDocuments: 'on',
    });
    for (const pupil of [ada, ben]) {
      const row = (await vault(dsl, pupil)).documents.find((d) => d.name === 'Action letter.pdf');
      expect(row?.record?.actionId).toEqual(expect.any(String));
    }
  });
});

describe('a record’s files, read through the record', () => {
  it('are listed on the incident and its actions, and open for whoever may read the incident, "Files" or not', async () => {
    const pdf = await pending(dsl, 'Strategy minutes.pdf');
    const created = await createIncident(dsl, incident({ attachmentIds: pdf }));
    const png = await pending(dsl, 'Photo.png', PNG);
    await addAction(dsl, {
      incidentId: created.incidentId,
      text: 'The nurse photographed the bruise.',
      attachmentIds: png,
    });
    await expect(vault(slt, ada)).rejects.toThrow(NO_FILES_PERMISSION);

    const view = await getIncident(slt, created.incidentId, DEFAULT_NAME_STYLE);
    expect(view.files.map((f) => [f.name, f.size])).toEqual([['Strategy minutes.pdf', PDF.length]]);
    expect(view.actions.map((x) => x.files.map((f) => f.name))).toEqual([['Photo.png']]);
    for (const [id, bytes] of [
      [pdf, PDF],
      [png, PNG],
    ] as const) {
      const doc = await recordFileForDownload(slt, created.incidentId, id);
      expect(await read((await openDocumentStream(a.id, doc))!)).toEqual(bytes);
    }
    const viewed = await inSchool(a.id, (tx) =>
      tx
        .select({ actor: auditLog.actorUserId, details: auditLog.details })
        .from(auditLog)
        .where(and(eq(auditLog.action, 'document.viewed'), eq(auditLog.actorUserId, slt.user.id))),
    );
    expect(viewed.map((v) => v.details)).toEqual(
      expect.arrayContaining([expect.objectContaining({ documentId: pdf, incidentId: created.incidentId })]),
    );
  });

  it('are not found for anyone who may not read the incident, or under another record', async () => {
    const pdf = await pending(dsl, 'Refused.pdf');
    const created = await createIncident(dsl, incident({ attachmentIds: pdf }));
    const other = await createIncident(dsl, incident({ categoryIds: cat['Behaviour'] }));
    const upload = await receiveVaultUpload(
      dsl,
      ada,
      new Request('http://a.localhost/upload', {
        method: 'POST',
        body: new Uint8Array(PDF),
        headers: { 'content-type': 'application/octet-stream', 'x-file-name': 'Direct.pdf' },
      }),
    );
    if (!upload.ok) throw new Error(upload.message);
    const direct = upload.documentIds[0]!;
    const stillPending = await pending(dsl, 'Never claimed.pdf');
    const sltNoKey = { ...slt, user: { ...slt.user, elevated: false } } as UserCtx;
    // Pastoral cannot read Child Protection; SLT without their key; another school's DSL.
    for (const [who, incidentId, documentId] of [
      [pastoral, created.incidentId, pdf],
      [sltNoKey, created.incidentId, pdf],
      [dslB, created.incidentId, pdf],
      // Under another incident, a direct vault upload, a pending upload, malformed ids.
      [dsl, other.incidentId, pdf],
      [slt, created.incidentId, direct],
      [dsl, created.incidentId, stillPending],
      [dsl, 'not-an-id', pdf],
      [dsl, created.incidentId, '../../etc/passwd'],
    ] as const) {
      await expect(recordFileForDownload(who, incidentId, documentId)).rejects.toBeInstanceOf(NotFoundError);
    }
    await expect(getIncident(pastoral, created.incidentId, DEFAULT_NAME_STYLE)).rejects.toBeInstanceOf(NotFoundError);
    expect((await getIncident(dsl, other.incidentId, DEFAULT_NAME_STYLE)).files).toEqual([]);
  });
});

describe('removing an attachment in an edit', () => {
  it('is versioned: the file leaves the list, its row and blob stay, restoring the version brings it back', async () => {
    const keep = await pending(dsl, 'Keep.pdf');
    const drop = await pending(dsl, 'Drop.pdf');
    const created = await createIncident(
      dsl,
      incident({ categoryIds: cat['Behaviour'], attachmentIds: `${keep},${drop}` }),
    );
    const edit = (version: number, over: Record<string, unknown>) =>
      editIncident(dsl, {
        incidentId: created.incidentId,
        version,
        text: 'Edited.',
        categoryIds: cat['Behaviour'],
        occurredAt: '2026-03-01T09:00',
        status: 'active',
        agencies: '',
        ...over,
      });
    // Not this incident's file: refused, nothing changes.
    const stranger = await pending(dsl, 'Stranger.pdf');
    await expect(edit(1, { removeDocumentIds: stranger })).rejects.toBeInstanceOf(UserError);
    const added = await pending(dsl, 'Added later.pdf');
    expect(await edit(1, { removeDocumentIds: drop, attachmentIds: added })).toEqual({ version: 2 });
    const names = async () => (await vault(dsl, ada)).documents.map((d) => d.name);
    expect(await names()).toEqual(expect.arrayContaining(['Keep.pdf', 'Added later.pdf']));
    expect(await names()).not.toContain('Drop.pdf');
    expect(await docRow(drop)).toMatchObject({ deletedReason: `Removed from incident #${created.number}` });
    await expect(documentForDownload(dsl, ada, drop)).rejects.toBeInstanceOf(NotFoundError);

    const history = await listIncidentVersions(dsl, created.incidentId);
    expect(history.versions.map((v) => v.attachments.map((f) => f.name))).toEqual([
      ['Keep.pdf', 'Added later.pdf'],
      ['Keep.pdf', 'Drop.pdf'],
    ]);

    // The sweep, long after: the removed file's blob stays (a version lists it).
    const later = new Date(Date.now() + 72 * 3_600_000);
    await sweepOrphanDocumentBlobs(later);
    const doc = (await docRow(drop))!;
    expect(await openDocumentStream(a.id, { ...doc, keyDocumentId: doc.keyDocumentId })).not.toBeNull();

    // A stale restore is refused; then version 1's files come back, as version 3.
    await expect(
      restoreVersionAttachments(dsl, { incidentId: created.incidentId, fromVersion: 1, version: 1 }),
    ).rejects.toBeInstanceOf(UserError);
    expect(
      await restoreVersionAttachments(dsl, { incidentId: created.incidentId, fromVersion: 1, version: 2 }),
    ).toEqual({ version: 3 });
    expect(await names()).toEqual(expect.arrayContaining(['Keep.pdf', 'Drop.pdf']));
    expect(await names()).not.toContain('Added later.pdf');
    const v3 = (await listIncidentVersions(dsl, created.incidentId)).versions[0]!;
    expect(v3.attachments.map((f) => f.name)).toEqual(['Keep.pdf', 'Drop.pdf']);
    // Someone who may not edit it cannot restore.
    await expect(
      restoreVersionAttachments(pastoral, { incidentId: created.incidentId, fromVersion: 2, version: 3 }),
    ).rejects.toThrow();
  });
});

describe('the orphan sweep', () => {
  it('removes an unclaimed upload after the grace period, never a claimed one', async () => {
    const abandoned = await pending(dsl, 'Abandoned.pdf');
    const claimed = await pending(dsl, 'Claimed.pdf');
    await createIncident(dsl, incident({ categoryIds: cat['Behaviour'], attachmentIds: claimed }));
    // Age every blob and row past the grace period.
    const dir = path.join(dataDir, 'files', 'documents', a.id);
    const old = new Date(Date.now() - 48 * 3_600_000);
    for (const f of await readdir(dir)) await utimes(path.join(dir, f), old, old);
    await inSchool(a.id, (tx) => tx.update(documents).set({ uploadedAt: old }).where(eq(documents.schoolId, a.id)));
    const result = await sweepOrphanDocumentBlobs(new Date());
    expect(result.pendingExpired).toBeGreaterThanOrEqual(1);
    expect(await docRow(abandoned)).toMatchObject({
      source: 'pending',
      deletedReason: expect.stringContaining('grace'),
    });
    expect(await readdir(dir)).not.toContain(abandoned);
    expect(await readdir(dir)).toContain(claimed);
    const c = (await docRow(claimed))!;
    expect(await openDocumentStream(a.id, c)).not.toBeNull();
    // An expired upload can no longer be claimed.
    await expect(createIncident(dsl, incident({ attachmentIds: abandoned }))).rejects.toBeInstanceOf(UserError);
  });
});

describe('isolation: record-linked documents', () => {
  it('a school’s list, downloads and zips of incident files never carry the other school’s marker', async () => {
    const markerOf = (label: string) => `MARKER_${label}_${randomUUID().slice(0, 8)}`;
    const ma = markerOf('A');
    const mb = markerOf('B');
    const catB = (
      await inSchool(b.id, (tx) => tx.select({ id: categories.id, name: categories.name }).from(categories))
    ).find((c) => c.name === 'Behaviour')!.id;
    const fileA = await pending(dsl, `Note ${ma}.txt`, Buffer.from(`text ${ma}\n`));
    const fileB = await pending(dslB, `Note ${mb}.txt`, Buffer.from(`text ${mb}\n`));
    await createIncident(dsl, incident({ categoryIds: cat['Behaviour'], attachmentIds: fileA }));
    await createIncident(dslB, { studentId: cleo, text: `About ${mb}`, categoryIds: catB, attachmentIds: fileB });
    for (const [ctx, student, own, foreignId, other] of [
      [dsl, ada, fileA, fileB, { marker: mb } as FixtureSchool],
      [dslB, cleo, fileB, fileA, { marker: ma } as FixtureSchool],
    ] as const) {
      const list = await vault(ctx, student);
      expect(list.documents.map((d) => d.id)).toContain(own);
      expectNoLeak(list, other);
      await expect(documentForDownload(ctx, student, foreignId)).rejects.toBeInstanceOf(NotFoundError);
      const docs = await documentsForZip(ctx, student, [own, foreignId]);
      expect(docs.map((d) => d.id)).toEqual([own]);
      const parts: Uint8Array[] = [];
      for await (const p of zipDocuments(ctx.school.id, docs)) parts.push(p);
      expectNoLeak(Buffer.concat(parts), other);
    }
  });
});

/**
 * Copying a pupil's records to their new school (lib/transfers/copy.ts)
 * between two real schools: exactly the chosen categories, actions and
 * markers, text unchanged, no linked pupil named, the previous school as
 * author, documents re-encrypted under the receiving school's keys, Legacy
 * categories with blank permissions (nothing shown until granted), all or
 * nothing on a crash, no second copy, and the sending school's rows unchanged.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { inSchool } from '@/db/scoped';
import {
  auditLog,
  categories,
  documents,
  incidentActions,
  incidentCategories,
  incidents,
  memberships,
  schoolMaps,
  schools,
  userGroupCategoryPermissions,
} from '@/db/schema';
import { accessSubjectOf } from '@/lib/access';
import { uploadMap } from '@/lib/admin';
import { loadMapImage } from '@/lib/maps/image-store';
import { readFileSync } from 'node:fs';
import { addAction } from '@/lib/incidents/add-action';
import { createIncident } from '@/lib/incidents/create';
import { chronologyFor, getIncident } from '@/lib/incidents/queries';
import { countListing, firstListingPage } from '@/lib/reports/listing-query';
import { DEFAULT_NAME_STYLE } from '@/lib/students/names';
import type { School, UserCtx } from '@/lib/tenancy/context';
import { makeCtx } from '@/lib/tenancy/make-ctx';
import { ALREADY_TRANSFERRED, copyTransferRecords, transferPreview } from '@/lib/transfers';
import {
  documentForDownload,
  listVaultDocuments,
  openDocumentStream,
  pupilForDocuments,
  receiveVaultUpload,
} from '@/lib/vault';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';

// A crash inside the receiving transaction, after the blobs are written and the Legacy categories made.
const crash = vi.hoisted(() => ({ on: false }));
vi.mock('@/lib/incidents/numbers', async (importOriginal) => {
  const real = await importOriginal<typeof import('@/lib/incidents/numbers')>();
  return {
    ...real,
    takeNumbers: (...args: Parameters<typeof real.takeNumbers>) => {
      if (crash.on) throw new Error('crash inside the transaction');
      return real.takeNumbers(...args);
    },
  };
});

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'haven-transfers-'));
withTestDatabase({ HAVEN_DATA_DIR: dataDir });

const SECRET = 'JBSWY3DPEHPK3PXP';
const style = DEFAULT_NAME_STYLE;
const PDF = Buffer.from(
  `%PDF-1.7\n% social care letter 9K2P\n${'1 0 obj <<>> endobj\n'.repeat(200)}trailer <<>>\n%%EOF\n`,
);

let from: School;
let to: School;
let fromDsl: UserCtx;
let toDsl: UserCtx;
let toDslId: string;
let zoe: string;
let sam: string;
let zoeNew: string;
let cat: Record<string, string>;
let cpIncident: string;
let behaviourIncident: string;
let playground: string;
const PNG = new Uint8Array(readFileSync('tests/fixtures/maps/playground.png'));

const fresh = (ctx: UserCtx) => makeCtx(ctx.school, ctx.user, ctx.meta) as UserCtx;

async function read(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(parts);
}

async function blobFiles(schoolId: string): Promise<string[]> {
  return (await readdir(path.join(dataDir, 'files', 'documents', schoolId)).catch(() => [])).sort();
}

const chronology = async (ctx: UserCtx, studentId: string) => {
  const c = fresh(ctx);
  const subject = await accessSubjectOf(c);
  return c.run((tx) => chronologyFor(tx, c, subject, studentId, style)).then((r) => r.incidents);
};

const vault = async (ctx: UserCtx, studentId: string) => {
  const c = fresh(ctx);
  const subject = await accessSubjectOf(c);
  return inSchool(c.school.id, async (tx) => {
    const p = await pupilForDocuments(tx, c, subject, studentId, 'student.documents');
    return (await listVaultDocuments(tx, c, subject, p)).documents;
  });
};

/** The reporting listing of one pupil, over all dates: how many incidents and their authors as shown. */
const listing = async (ctx: UserCtx, studentId: string) => {
  const c = fresh(ctx);
  const subject = await accessSubjectOf(c);
  const input = {
    filters: {
      dates: { kind: 'any' as const },
      categories: { match: 'any' as const, ids: [] },
      status: 'any' as const,
      recordedBy: { mode: 'only' as const, ids: [] },
    },
    days: { from: null, to: null },
    timeZone: c.school.timeZone,
    includeTraining: false,
    actions: true,
    studentId,
  };
  return inSchool(c.school.id, async (tx) => ({
    count: await countListing(tx, subject, input),
    authors: (await firstListingPage(tx, subject, input, 50)).flatMap((i) => [
      i.author.name,
      ...i.actions.map((a) => a.author.name),
    ]),
  }));
};

const sendingRows = () =>
  inSchool(from.id, async (tx) => ({
    incidents: await tx.select().from(incidents).orderBy(asc(incidents.id)),
    actions: await tx.select().from(incidentActions).orderBy(asc(incidentActions.id)),
    documents: await tx.select().from(documents).orderBy(asc(documents.id)),
    categories: await tx.select().from(categories).orderBy(asc(categories.id)),
  }));

const received = () =>
  inSchool(to.id, (tx) =>
    tx.select().from(incidents).where(eq(incidents.studentId, zoeNew)).orderBy(asc(incidents.occurredAt)),
  );

beforeAll(async () => {
  from = await makeSchool('transfer-from', 'Oakwood High');
  to = await makeSchool('transfer-to', 'Northfield Academy');
  const fromDslId = await makeUser({
    email: 'dsl@oakwood.example.org',
    displayName: 'Olive Dean',
    memberships: { [from.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  toDslId = await makeUser({
    email: 'dsl@northfield.example.org',
    displayName: 'Nina Ford',
    memberships: { [to.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  fromDsl = (await signedIn(from, fromDslId, { elevated: true })).ctx;
  toDsl = (await signedIn(to, toDslId, { elevated: true })).ctx;
  [zoe, sam] = (await addPupils(from.id, [
    { legalForename: 'Zoë', legalSurname: 'Mover' },
    { legalForename: 'Samwise', legalSurname: 'Stayput' },
  ])) as [string, string];
  // The receiving school has a category of its own called "Legacy", with rights: the transfer must not use it.
  await inSchool(to.id, (tx) =>
    tx.insert(categories).values({ schoolId: to.id, id: randomUUID(), name: 'Legacy', colour: '#123456' }),
  );
  [zoeNew] = (await addPupils(to.id, [{ legalForename: 'Zoë', legalSurname: 'Mover' }])) as [string];
  const rows = await inSchool(from.id, (tx) =>
    tx.select({ id: categories.id, name: categories.name }).from(categories),
  );
  cat = Object.fromEntries(rows.map((r) => [r.name, r.id]));

  playground = (await uploadMap(fresh(fromDsl), { title: 'Playground', image: PNG })).mapId;
  cpIncident = (
    await createIncident(fresh(fromDsl), {
      studentId: zoe,
      text: 'Disclosure at break:  said “it hurts at home”.\nSpoke to DSL.',
      categoryIds: cat['Child Protection']!,
      occurredAt: '2026-02-10T10:15',
      linked: JSON.stringify([{ studentId: sam, role: 'witness', categoryIds: [] }]),
      markers: JSON.stringify([
        { mapId: 'body-front', x: 0.4, y: 0.3, note: 'bruise on arm' },
        { mapId: playground, x: 0.5, y: 0.5, note: 'by the fence' },
      ]),
    })
  ).incidentId;
  // A custom field on the sending school's incident form, and its value on the incident.
  const FIELD = '0b6f3c1e-1d1a-4c55-8b1e-6a4f5d3c2b31';
  await inSchool(from.id, async (tx) => {
    await tx
      .update(schools)
      .set({
        settings: {
          ...from.settings,
          incidentForm: [
            ...from.settings.incidentForm,
            {
              kind: 'custom',
              advice: '',
              field: {
                id: FIELD,
                label: 'Referral reference',
                kind: 'text',
                options: [],
                multiple: false,
                required: false,
                categoryIds: [],
                retired: false,
              },
            },
          ],
        },
      })
      .where(eq(schools.id, from.id));
    await tx
      .update(incidents)
      .set({ customFields: { [FIELD]: 'CSC-4471' } })
      .where(eq(incidents.id, cpIncident));
  });
  await addAction(fresh(fromDsl), {
    incidentId: cpIncident,
    text: 'Referred to children’s social care.',
    occurredAt: '2026-02-11T09:00',
  });
  behaviourIncident = (
    await createIncident(fresh(fromDsl), {
      studentId: zoe,
      text: 'Pushed in the lunch queue.',
      categoryIds: cat['Behaviour']!,
      occurredAt: '2026-01-05T12:30',
    })
  ).incidentId;
  await createIncident(fresh(fromDsl), {
    studentId: zoe,
    text: 'Late again, upset.',
    categoryIds: cat['Attendance']!,
    occurredAt: '2026-03-01T08:50',
  });
  const upload = new Request('http://a.localhost/x', {
    method: 'POST',
    body: new Uint8Array(PDF),
    headers: {
      'content-type': 'application/octet-stream',
      'x-file-name': encodeURIComponent('Social care letter.pdf'),
    },
  });
  expect(await receiveVaultUpload(fresh(fromDsl), zoe, upload)).toMatchObject({ ok: true });
});

describe('previewing a transfer', () => {
  it('counts the incidents per chosen category and lists the documents', async () => {
    const preview = await transferPreview({
      fromSchoolId: from.id,
      fromStudentId: zoe,
      categoryIds: [cat['Child Protection']!, cat['Behaviour']!],
    });
    expect(preview.incidents).toBe(2);
    expect(preview.categories.map((c) => [c.name, c.incidents]).sort()).toEqual([
      ['Behaviour', 1],
      ['Child Protection', 1],
    ]);
    expect(preview.documents).toEqual([expect.objectContaining({ name: 'Social care letter.pdf', size: PDF.length })]);
  });

  it('sends nothing when no category is chosen', async () => {
    const preview = await transferPreview({ fromSchoolId: from.id, fromStudentId: zoe, categoryIds: [] });
    expect(preview.incidents).toBe(0);
  });
});

describe('copying a transfer', () => {
  const transferId = randomUUID();
  let before: Awaited<ReturnType<typeof sendingRows>>;
  const input = () => ({
    transferId,
    fromSchoolId: from.id,
    fromStudentId: zoe,
    toSchoolId: to.id,
    toStudentId: zoeNew,
    categoryIds: [cat['Child Protection']!, cat['Behaviour']!],
    actorUserId: fromDsl.user.id,
  });

  it('a crash half-way leaves no rows and no blobs', async () => {
    before = await sendingRows();
    const blobsBefore = await blobFiles(to.id);
    crash.on = true;
    await expect(copyTransferRecords(input())).rejects.toThrow('crash inside the transaction');
    crash.on = false;
    expect(await received()).toEqual([]);
    expect(await blobFiles(to.id)).toEqual(blobsBefore);
    const legacy = await inSchool(to.id, (tx) => tx.select().from(categories).where(eq(categories.legacy, true)));
    expect(legacy).toEqual([]);
    expect(await inSchool(to.id, (tx) => tx.select().from(schoolMaps))).toEqual([]);
    expect(await readdir(path.join(dataDir, 'files', 'schools', to.id, 'maps')).catch(() => [])).toEqual([]);
  });

  it('copies exactly the chosen categories, with actions, markers and text unchanged', async () => {
    expect(await copyTransferRecords(input())).toEqual({ incidents: 2, documents: 1 });
    const rows = await received();
    expect(rows.map((r) => r.text)).toEqual([
      'Pushed in the lunch queue.',
      'Disclosure at break:  said “it hurts at home”.\nSpoke to DSL.',
    ]);
    expect(rows.every((r) => r.authorId === null && r.externalAuthor === 'Oakwood High')).toBe(true);
    expect(rows.every((r) => r.transferId === transferId)).toBe(true);
    const cp = rows[1]!;
    expect(cp.occurredAt.toISOString()).toBe(
      (
        await inSchool(from.id, (tx) => tx.select().from(incidents).where(eq(incidents.id, cpIncident)))
      )[0]!.occurredAt.toISOString(),
    );
    expect(cp.customFields).toEqual({ 'transferred:Referral reference': 'CSC-4471' });
    const [map] = await inSchool(to.id, (tx) => tx.select().from(schoolMaps));
    expect(map).toMatchObject({ title: 'Oakwood High: Playground', enabled: false });
    expect(cp.markers).toEqual([
      expect.objectContaining({ mapId: 'body-front', x: 0.4, y: 0.3, note: 'bruise on arm' }),
      expect.objectContaining({ mapId: map!.id, x: 0.5, y: 0.5, note: 'by the fence' }),
    ]);
    const [orig] = await inSchool(from.id, (tx) => tx.select().from(schoolMaps).where(eq(schoolMaps.id, playground)));
    expect(map!.storageKey).not.toBe(orig!.storageKey);
    expect(Buffer.from((await loadMapImage(to.id, map!.id, map!))!).equals(Buffer.from(PNG))).toBe(true);
    const actions = await inSchool(to.id, (tx) =>
      tx.select().from(incidentActions).where(eq(incidentActions.incidentId, cp.id)),
    );
    expect(actions.map((a) => [a.text, a.externalAuthor, a.authorId])).toEqual([
      ['Referred to children’s social care.', 'Oakwood High', null],
    ]);
    // One copy per incident, linked to nothing: no other row shares its record.
    const sameRecord = await inSchool(to.id, (tx) =>
      tx.select().from(incidents).where(eq(incidents.recordId, cp.recordId)),
    );
    expect(sameRecord).toHaveLength(1);
    expect(JSON.stringify({ rows, actions })).not.toContain('Samwise');
    expect(JSON.stringify({ rows, actions })).not.toContain(sam);
  });

  it('files them under disabled Legacy sub-categories with no permissions', async () => {
    const legacy = await inSchool(to.id, (tx) =>
      tx
        .select({
          id: categories.id,
          name: categories.name,
          parentId: categories.parentId,
          archivedAt: categories.archivedAt,
        })
        .from(categories)
        .where(eq(categories.legacy, true)),
    );
    const top = legacy.find((c) => c.parentId === null)!;
    expect(top.name).toBe('Legacy (transferred records)');
    expect(
      legacy
        .filter((c) => c.parentId === top.id)
        .map((c) => c.name)
        .sort(),
    ).toEqual(['Oakwood High: Behaviour', 'Oakwood High: Child Protection']);
    expect(legacy.every((c) => c.archivedAt !== null)).toBe(true);
    const grants = await inSchool(to.id, (tx) =>
      tx.select().from(userGroupCategoryPermissions).where(eq(userGroupCategoryPermissions.categoryId, top.id)),
    );
    expect(grants).toEqual([]);
    const tags = await inSchool(to.id, (tx) =>
      tx
        .select({ categoryId: incidentCategories.categoryId })
        .from(incidentCategories)
        .where(isNull(incidentCategories.removedAt)),
    );
    expect(tags.every((t) => legacy.some((c) => c.id === t.categoryId && c.parentId === top.id))).toBe(true);
  });

  it('shows nothing to the receiving DSL until the Legacy categories are granted', async () => {
    expect(await chronology(toDsl, zoeNew)).toEqual([]);
    expect(await vault(toDsl, zoeNew)).toEqual([]);
    expect(await listing(toDsl, zoeNew)).toEqual({ count: 0, authors: [] });
  });

  it('once granted, the chronology shows exactly the copied records in date order, authored by the school', async () => {
    const group = await inSchool(to.id, async (tx) => {
      const [m] = await tx.select().from(memberships).where(eq(memberships.userId, toDslId));
      const subs = await tx
        .select({ id: categories.id })
        .from(categories)
        .where(and(eq(categories.legacy, true)));
      await tx.insert(userGroupCategoryPermissions).values(
        subs.map((s) => ({
          schoolId: to.id,
          userGroupId: m!.userGroupId,
          categoryId: s.id,
          viewStudents: true,
          viewIncidents: true,
        })),
      );
      return m!.userGroupId;
    });
    expect(group).toBeTruthy();
    const list = await chronology(toDsl, zoeNew);
    expect(list.map((i) => i.text)).toEqual([
      'Disclosure at break:  said “it hurts at home”.\nSpoke to DSL.',
      'Pushed in the lunch queue.',
    ]);
    expect(list.map((i) => i.authorName)).toEqual(['Oakwood High', 'Oakwood High']);
    expect(await listing(toDsl, zoeNew)).toEqual({
      count: 2,
      authors: ['Oakwood High', 'Oakwood High', 'Oakwood High'],
    });
    const rows = await received();
    const view = await getIncident(fresh(toDsl), rows[1]!.id, style);
    expect(view.authorName).toBe('Oakwood High');
    expect(view.actions.map((a) => a.authorName)).toEqual(['Oakwood High']);
    expect(JSON.stringify(view)).not.toContain('Samwise');
  });

  it('the documents are readable at the receiving school, in new blobs under its own keys', async () => {
    const docs = await vault(toDsl, zoeNew);
    expect(docs.map((d) => [d.name, d.uploadedBy])).toEqual([['Social care letter.pdf', 'Oakwood High']]);
    const [row] = await inSchool(to.id, (tx) => tx.select().from(documents).where(eq(documents.studentId, zoeNew)));
    const [orig] = await inSchool(from.id, (tx) => tx.select().from(documents).where(eq(documents.studentId, zoe)));
    expect(row!.storageKey).not.toBe(orig!.storageKey);
    expect(row!.storageKey.startsWith(`documents/${to.id}/`)).toBe(true);
    expect(row!.wrappedKey).not.toBe(orig!.wrappedKey);
    expect(row!.keyDocumentId).toBeNull();
    const doc = await documentForDownload(fresh(toDsl), zoeNew, row!.id);
    expect((await read((await openDocumentStream(to.id, doc))!)).equals(PDF)).toBe(true);
    // The other school cannot open the new copy with its own context.
    await expect(documentForDownload(fresh(fromDsl), zoeNew, row!.id)).rejects.toThrow();
  });

  it('a second call refuses and copies nothing', async () => {
    const blobs = await blobFiles(to.id);
    await expect(copyTransferRecords(input())).rejects.toThrow(ALREADY_TRANSFERRED);
    expect(await received()).toHaveLength(2);
    expect(await blobFiles(to.id)).toEqual(blobs);
  });

  it('the sending school keeps its records unchanged, and both logs record the transfer', async () => {
    expect(await sendingRows()).toEqual(before);
    const sentLog = await inSchool(from.id, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.action, 'transfer.records_sent')),
    );
    expect(sentLog).toHaveLength(1);
    expect(sentLog[0]!.details).toMatchObject({ incidents: 2, documents: 1, categoryNames: expect.any(Array) });
    const receivedLog = await inSchool(to.id, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.action, 'transfer.records_received')),
    );
    expect(receivedLog).toHaveLength(1);
    expect(receivedLog[0]!.details).toMatchObject({ incidents: 2, actions: 1, documents: 1 });
  });

  it('a transfer that sends nothing still happens once', async () => {
    // Samwise has no vault documents: with no category chosen, nothing at all is copied.
    const nothing = { ...input(), transferId: randomUUID(), fromStudentId: sam, categoryIds: [] };
    expect(await copyTransferRecords(nothing)).toEqual({ incidents: 0, documents: 0 });
    await expect(copyTransferRecords(nothing)).rejects.toThrow(ALREADY_TRANSFERRED);
  });

  it('refuses another school’s pupil and unknown categories', async () => {
    await expect(
      copyTransferRecords({ ...input(), transferId: randomUUID(), fromStudentId: zoeNew }),
    ).rejects.toThrow();
    const otherSchoolCat = (await inSchool(to.id, (tx) => tx.select({ id: categories.id }).from(categories)))[0]!.id;
    await expect(
      copyTransferRecords({ ...input(), transferId: randomUUID(), categoryIds: [otherSchoolCat] }),
    ).rejects.toThrow('not one of this school');
    expect(await received()).toHaveLength(2);
    void behaviourIncident;
  });
});

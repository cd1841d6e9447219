/**
 * "Export for a school without Haven" against a real database and the local
 * blob store: the chronology PDF is encrypted (a password is required), holds
 * only the chosen categories with the names hidden as chosen; the zip holds
 * only that pupil's live documents this person may read; both are recorded
 * and listed. Refused: an administrator without their key, a colleague who
 * is not an administrator, another school's pupil (not found), with no file
 * and no record.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { NextRequest } from 'next/server';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { withTestDatabase } from '../support/db';
import { pdfText, qpdfFacts } from '../support/pdf';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';
import { inSchool } from '@/db/scoped';
import { auditLog, categories, documents } from '@/db/schema';
import { SESSION_COOKIE } from '@/lib/auth/session-policy';
import { NotAllowedError, NotFoundError } from '@/lib/errors';
import { createIncident } from '@/lib/incidents/create';
import type { School, UserCtx } from '@/lib/tenancy/context';

const request = vi.hoisted(() => ({ headers: new Headers(), cookies: new Map<string, string>() }));
vi.mock('next/headers', () => ({
  headers: async () => request.headers,
  cookies: async () => ({
    get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name) } : undefined),
    set: (name: string, value: string) => request.cookies.set(name, value),
  }),
}));

const pdfRoute = await import('@/app/(school)/(signed-in)/admin/transfers/export/pdf/route');
const zipRoute = await import('@/app/(school)/(signed-in)/admin/transfers/export/zip/route');
const { exportChronologyPdf, exportDocumentsForZip, listTransferExports, ELEVATE_FOR_TRANSFER_EXPORT } =
  await import('@/lib/transfers');
const { receiveVaultUpload, deleteVaultDocument } = await import('@/lib/vault');

const ROOT = 'haven.test';
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'haven-transfer-export-'));
withTestDatabase({ APP_ROOT_DOMAIN: ROOT, HAVEN_DATA_DIR: dataDir });

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const NOW = new Date('2026-06-01T12:00:00Z');
const PASSWORD = 'New school 2026 Żółć';
const SHOWN = { source: 'legal', order: 'first-last', hidden: false } as const;
const PDF = Buffer.from(`%PDF-1.7\n% marker\n${'1 0 obj <<>> endobj\n'.repeat(50)}trailer <<>>\n%%EOF\n`);

let a: School;
let b: School;
let admin: UserCtx;
let adminNoKey: UserCtx;
let slt: UserCtx;
let adminB: UserCtx;
let tokens: Record<'admin' | 'slt' | 'adminB', string>;
let lukasz: string;
let thao: string;
let bPupil: string;
let cat: Record<string, string>;

function from(school: School, who: keyof typeof tokens) {
  const host = `${school.slug}.${ROOT}`;
  request.headers = new Headers({ host, origin: `https://${host}` });
  request.cookies = new Map([[SESSION_COOKIE, tokens[who]]]);
}

function pdfPost(school: School, f: Record<string, string | string[]>, password: string) {
  const body = new FormData();
  for (const [k, v] of Object.entries(f)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  body.set('pdfPassword', password);
  return pdfRoute.POST(
    new NextRequest(`https://${school.slug}.${ROOT}/admin/transfers/export/pdf`, {
      method: 'POST',
      body,
      headers: { origin: `https://${school.slug}.${ROOT}` },
    }),
  );
}
const zipGet = (school: School, id: string) =>
  zipRoute.GET(new Request(`https://${school.slug}.${ROOT}/admin/transfers/export/zip?studentId=${id}`));

const exportRows = async (school: School) =>
  inSchool(school.id, (tx) =>
    tx
      .select({ entityId: auditLog.entityId, details: auditLog.details, actor: auditLog.actorUserId })
      .from(auditLog)
      .where(and(eq(auditLog.schoolId, school.id), eq(auditLog.action, 'transfer.exported'))),
  );

function upload(name: string, bytes: Buffer): Request {
  return new Request('http://a.localhost/x', {
    method: 'POST',
    body: new Uint8Array(bytes),
    headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(name) },
  });
}

beforeAll(async () => {
  a = await makeSchool('transfer-export-a');
  b = await makeSchool('transfer-export-b');
  const user = (school: School, who: string, name: string, group: string) =>
    makeUser({
      email: `${who}@tx.example.org`,
      displayName: name,
      memberships: { [school.slug]: group },
      totpSecret: SECRET,
    });
  const adminId = await user(a, 'admin', 'Imran Shah', 'DSL');
  const sltId = await user(a, 'slt', 'Sam Lee', 'SLT');
  const adminBId = await user(b, 'admin-b', 'Other Lead', 'DSL');
  const s = {
    admin: await signedIn(a, adminId, { elevated: true }),
    slt: await signedIn(a, sltId, { elevated: true }),
    adminB: await signedIn(b, adminBId, { elevated: true }),
  };
  admin = s.admin.ctx;
  slt = s.slt.ctx;
  adminB = s.adminB.ctx;
  adminNoKey = (await signedIn(a, adminId)).ctx;
  tokens = { admin: s.admin.token, slt: s.slt.token, adminB: s.adminB.token };
  const rows = await inSchool(a.id, (tx) => tx.select({ id: categories.id, name: categories.name }).from(categories));
  cat = Object.fromEntries(rows.map((r) => [r.name, r.id]));
  [lukasz = '', thao = ''] = await addPupils(a.id, [
    { legalForename: 'Łukasz', legalSurname: 'Żółć', yearGroup: 'Year 7', tutorGroup: '7A' },
    { legalForename: 'Thảo', legalSurname: 'Nguyễn', yearGroup: 'Year 7', tutorGroup: '7B' },
  ]);
  [bPupil = ''] = await addPupils(b.id, [{ legalForename: 'Other', legalSurname: 'School' }]);
  const catB = await inSchool(b.id, (tx) =>
    tx.select({ id: categories.id }).from(categories).where(eq(categories.name, 'Behaviour')),
  );
  const add = (studentId: string, t: string, category: string, occurredAt: string, linked?: string) =>
    createIncident(
      admin,
      {
        studentId,
        text: t,
        categoryIds: cat[category]!,
        occurredAt,
        ...(linked
          ? { linked: JSON.stringify([{ studentId: linked, role: 'affected', categoryIds: [cat[category]] }]) }
          : {}),
      },
      NOW,
    );
  await add(lukasz, 'Łukasz Żółć pushed Thảo Nguyễn in the lunch queue.', 'Behaviour', '2024-03-02T10:00', thao);
  await add(lukasz, 'Łukasz disclosed a worry at home.', 'Child Protection', '2026-03-09T10:00');
  await createIncident(
    adminB,
    { studentId: bPupil, text: 'Another school.', categoryIds: catB[0]!.id, occurredAt: '2026-03-02T10:00' },
    NOW,
  );
  await receiveVaultUpload(admin, lukasz, upload('Social care letter.pdf', PDF));
  await receiveVaultUpload(admin, lukasz, upload('Old plan.pdf', PDF));
  await receiveVaultUpload(admin, thao, upload('Thao only.pdf', PDF));
  await receiveVaultUpload(adminB, bPupil, upload('Other school.pdf', PDF));
  const [old] = await inSchool(a.id, (tx) =>
    tx.select({ id: documents.id }).from(documents).where(eq(documents.originalName, 'Old plan.pdf')),
  );
  await deleteVaultDocument(admin, { studentId: lukasz, documentId: old!.id, reason: 'Uploaded in error' });
});

describe('the chronology PDF for a school without Haven', () => {
  it('is encrypted, holds every date of the chosen categories only, with the names hidden; recorded', async () => {
    from(a, 'admin');
    const res = await pdfPost(a, { studentId: lukasz, category: cat['Behaviour']!, hideStudents: '1' }, PASSWORD);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/filename="transfer-chronology-[\d-]+\.pdf"/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(qpdfFacts(bytes, PASSWORD)).toMatchObject({ requiresPassword: true });
    const shown = pdfText(bytes, { password: PASSWORD }).replace(/\s+/g, ' ');
    expect(shown).toContain('[Student] pushed [Linked student 1] in the lunch queue.');
    expect(shown).not.toMatch(/Łukasz|Żółć|Thảo|Nguyễn/);
    expect(shown).not.toContain('disclosed');
    const rows = await exportRows(a);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      entityId: lukasz,
      actor: admin.user.id,
      details: { part: 'chronology', categoryIds: [cat['Behaviour']], hideStudents: true, hideStaff: false },
    });
  });

  it('every category when none is chosen, names shown when not hidden', async () => {
    const file = await exportChronologyPdf(
      admin,
      { studentId: lukasz, categoryIds: [], hideStudents: false, hideStaff: false, password: PASSWORD },
      SHOWN,
    );
    const shown = pdfText(file.body as Uint8Array, { password: PASSWORD }).replace(/\s+/g, ' ');
    expect(shown).toContain('Łukasz disclosed a worry at home.');
    expect(shown).toContain('Łukasz Żółć pushed Thảo Nguyễn');
  });

  it('refuses no password, no key, a colleague who is not an administrator and another school’s pupil', async () => {
    const before = (await exportRows(a)).length;
    from(a, 'admin');
    expect((await pdfPost(a, { studentId: lukasz }, '')).status).toBe(400);
    expect((await pdfPost(a, { studentId: bPupil }, PASSWORD)).status).toBe(404);
    expect((await pdfPost(a, { studentId: 'not-an-id' }, PASSWORD)).status).toBe(400);
    from(a, 'slt');
    expect((await pdfPost(a, { studentId: lukasz }, PASSWORD)).status).toBe(403);
    from(b, 'adminB');
    expect((await pdfPost(b, { studentId: lukasz }, PASSWORD)).status).toBe(404);
    const input = { studentId: lukasz, categoryIds: [], hideStudents: true, hideStaff: true, password: PASSWORD };
    await expect(exportChronologyPdf(adminNoKey, input, SHOWN)).rejects.toThrow(ELEVATE_FOR_TRANSFER_EXPORT);
    await expect(exportChronologyPdf(adminNoKey, input, SHOWN)).rejects.toBeInstanceOf(NotAllowedError);
    expect((await exportRows(a)).length).toBe(before);
    expect(await exportRows(b)).toHaveLength(0);
  });
});

describe('the documents’ zip', () => {
  it('holds only that pupil’s live documents; recorded', async () => {
    from(a, 'admin');
    const res = await zipGet(a, lukasz);
    expect(res.status).toBe(200);
    const entries = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(Object.keys(entries)).toEqual(['Social care letter.pdf']);
    expect(Buffer.from(entries['Social care letter.pdf']!).equals(PDF)).toBe(true);
    const rows = (await exportRows(a)).filter((r) => (r.details as { part: string }).part === 'documents');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ entityId: lukasz, actor: admin.user.id });
  });

  it('refuses another school’s pupil, no key and a colleague who is not an administrator', async () => {
    const before = (await exportRows(a)).length;
    await expect(exportDocumentsForZip(admin, bPupil)).rejects.toBeInstanceOf(NotFoundError);
    await expect(exportDocumentsForZip(adminB, lukasz)).rejects.toBeInstanceOf(NotFoundError);
    await expect(exportDocumentsForZip(adminNoKey, lukasz)).rejects.toBeInstanceOf(NotAllowedError);
    await expect(exportDocumentsForZip(slt, lukasz)).rejects.toBeInstanceOf(NotAllowedError);
    from(b, 'adminB');
    expect((await zipGet(b, lukasz)).status).toBe(404);
    expect((await exportRows(a)).length).toBe(before);
  });
});

describe('the exports made', () => {
  it('lists who exported which pupil and when, in this school only', async () => {
    const list = await listTransferExports(admin, SHOWN);
    expect(list.map((e) => [e.pupil, e.part, e.by])).toEqual([
      ['Łukasz Żółć', 'documents', 'Imran Shah'],
      ['Łukasz Żółć', 'chronology', 'Imran Shah'],
      ['Łukasz Żółć', 'chronology', 'Imran Shah'],
    ]);
    expect(await listTransferExports(adminB, SHOWN)).toEqual([]);
    await expect(listTransferExports(slt, SHOWN)).rejects.toBeInstanceOf(NotAllowedError);
  });
});

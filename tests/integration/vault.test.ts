/**
 * The Document vault against a real database and the local blob store:
 * uploads (one file by script, several by form, all or none), what is stored
 * (ciphertext only), downloads and zips, delete and restore, and the attacks —
 * another school's pupil or document, a deleted document, no key, no "Files"
 * permission, concurrent uploads, a flipped byte in the stored blob, orphans.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, readdir, utimes, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { unzipSync, strToU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { inSchool } from '@/db/scoped';
import { auditLog, documents } from '@/db/schema';
import { and, eq } from 'drizzle-orm';
import { NotAllowedError, NotFoundError } from '@/lib/errors';
import { NeedsElevationError } from '@/lib/students';
import type { School, UserCtx } from '@/lib/tenancy/context';
import {
  deleteVaultDocument,
  documentForDownload,
  documentsForZip,
  listVaultDocuments,
  openDocumentStream,
  pupilForDocuments,
  receiveVaultUpload,
  restoreVaultDocument,
  sweepOrphanDocumentBlobs,
  zipDocuments,
} from '@/lib/vault';
import { accessSubjectOf } from '@/lib/access';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { expectNoLeak, type FixtureSchool } from '../support/isolation';
import { addPupils } from '../support/pupils';
import { getProfileDocuments } from '@/lib/profile';
import { DEFAULT_NAME_STYLE } from '@/lib/students';

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'haven-vault-'));
withTestDatabase({ HAVEN_DATA_DIR: dataDir });

const PHRASE = 'Disclosure recorded by the DSL: marker phrase 7Q4Z';
const PDF = Buffer.from(`%PDF-1.7\n% ${PHRASE}\n${'1 0 obj <<>> endobj\n'.repeat(3000)}trailer <<>>\n%%EOF\n`);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(300, 7)]);

let a: School;
let b: School;
let dsl: UserCtx;
let dslNoKey: UserCtx;
let slt: UserCtx;
let teacher: UserCtx;
let dslB: UserCtx;
let pupil: string;
let other: string;
let pupilB: string;

function rawUpload(name: string, bytes: Buffer, headers: Record<string, string> = {}): Request {
  return new Request('http://a.localhost/x', {
    method: 'POST',
    body: new Uint8Array(bytes),
    headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(name), ...headers },
  });
}

function formUpload(files: { name: string; bytes: Buffer }[]): Request {
  const form = new FormData();
  for (const f of files) form.append('files', new Blob([new Uint8Array(f.bytes)]), f.name);
  return new Request('http://a.localhost/x', { method: 'POST', body: form });
}

async function read(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(parts);
}

async function rowsFor(school: School, studentId: string) {
  return inSchool(school.id, (tx) =>
    tx
      .select({
        id: documents.id,
        name: documents.originalName,
        key: documents.storageKey,
        deletedAt: documents.deletedAt,
      })
      .from(documents)
      .where(eq(documents.studentId, studentId)),
  );
}

async function blobFiles(): Promise<string[]> {
  const root = path.join(dataDir, 'files', 'documents');
  const out: string[] = [];
  async function walk(dir: string) {
    for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push(p);
    }
  }
  await walk(root);
  return out;
}

beforeAll(async () => {
  a = await makeSchool('vault-a');
  b = await makeSchool('vault-b');
  // A key (TOTP secret) is what lets a session be elevated at all.
  const u = async (email: string, memberships: Record<string, string>) =>
    makeUser({ email, displayName: email.split('@')[0]!, memberships, totpSecret: 'JBSWY3DPEHPK3PXP' });
  dsl = (await signedIn(a, await u('dsl@vault.test', { 'vault-a': 'DSL' }), { elevated: true })).ctx;
  dslNoKey = (await signedIn(a, await u('dsl2@vault.test', { 'vault-a': 'DSL' }))).ctx;
  slt = (await signedIn(a, await u('slt@vault.test', { 'vault-a': 'SLT' }), { elevated: true })).ctx;
  teacher = (await signedIn(a, await u('t@vault.test', { 'vault-a': 'Teachers' }), { elevated: true })).ctx;
  dslB = (await signedIn(b, await u('dslb@vault.test', { 'vault-b': 'DSL' }), { elevated: true })).ctx;
  [pupil = '', other = ''] = await addPupils(a.id, [
    { legalForename: 'Ada', legalSurname: 'Vault' },
    { legalForename: 'Ben', legalSurname: 'Vault' },
  ]);
  [pupilB = ''] = await addPupils(b.id, [{ legalForename: 'Cleo', legalSurname: 'Other' }]);
});

describe('uploading', () => {
  it('stores a PDF by script: listed with its details, ciphertext on disk, audited', async () => {
    const answer = await receiveVaultUpload(dsl, pupil, rawUpload('../../Social care letter.pdf', PDF));
    expect(answer).toMatchObject({ ok: true, status: 200, message: '“Social care letter.pdf” uploaded.' });
    const rows = await rowsFor(a, pupil);
    expect(rows.map((r) => r.name)).toEqual(['Social care letter.pdf']);
    const files = await blobFiles();
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect((await readFile(f)).includes(Buffer.from('marker phrase 7Q4Z'))).toBe(false);
    const list = await inSchool(a.id, async (tx) => {
      const subject = await accessSubjectOf(dsl);
      const p = await pupilForDocuments(tx, dsl, subject, pupil, 'student.documents');
      return listVaultDocuments(tx, dsl, subject, p);
    });
    expect(list.documents).toEqual([
      expect.objectContaining({
        name: 'Social care letter.pdf',
        size: PDF.length,
        typeLabel: 'PDF',
        source: 'vault',
        uploadedBy: 'dsl',
      }),
    ]);
    const audit = await inSchool(a.id, (tx) =>
      tx.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.action, 'document.uploaded')),
    );
    expect(audit.length).toBeGreaterThanOrEqual(1);
  });

  it('downloads exactly the bytes uploaded', async () => {
    const [row] = await rowsFor(a, pupil);
    const doc = await documentForDownload(dsl, pupil, row!.id);
    expect(doc).toMatchObject({ name: 'Social care letter.pdf', contentType: 'application/pdf', size: PDF.length });
    expect((await read((await openDocumentStream(a.id, doc))!)).equals(PDF)).toBe(true);
  });

  it('refuses a disguised file, an empty one, a double extension and an oversized one, storing nothing', async () => {
    const before = (await rowsFor(a, other)).length;
    const filesBefore = (await blobFiles()).length;
    expect(await receiveVaultUpload(dsl, other, rawUpload('x.pdf', Buffer.from('<html><script>1</script>')))).toEqual({
      ok: false,
      status: 422,
      message: '“x.pdf” is not a PDF, whatever its name says: its content does not match .pdf.',
    });
    expect(await receiveVaultUpload(dsl, other, rawUpload('empty.pdf', Buffer.alloc(0)))).toMatchObject({
      ok: false,
      message: '“empty.pdf” is empty.',
    });
    expect(await receiveVaultUpload(dsl, other, rawUpload('x.pdf.exe', PDF))).toMatchObject({
      ok: false,
      message: '“x.pdf.exe”: .exe files cannot be kept here.',
    });
    const small = { ...dsl, school: { ...dsl.school, settings: { ...dsl.school.settings, vaultMaxFileMb: 1 } } };
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1024 * 1024 + 10, 32)]);
    // No declared length: counted as it streams, and refused once past the limit.
    const chunked = new Request('http://a.localhost/x', {
      method: 'POST',
      body: Readable.toWeb(Readable.from([big.subarray(0, 600_000), big.subarray(600_000)])) as ReadableStream,
      headers: { 'x-file-name': 'big.pdf' },
      duplex: 'half',
    } as RequestInit);
    expect(await receiveVaultUpload(small, other, chunked)).toMatchObject({
      ok: false,
      status: 413,
      message: '“big.pdf” is larger than 1 MB, the most a file may be.',
    });
    expect((await rowsFor(a, other)).length).toBe(before);
    expect((await blobFiles()).length).toBe(filesBefore);
  });

  it('keeps several files from one form, or none when one is refused', async () => {
    const ok = await receiveVaultUpload(
      dsl,
      other,
      formUpload([
        { name: 'photo.png', bytes: PNG },
        { name: 'notes.txt', bytes: Buffer.from('Meeting notes\n') },
      ]),
    );
    expect(ok).toMatchObject({ ok: true, message: '2 files uploaded.' });
    const before = (await rowsFor(a, other)).length;
    const filesBefore = (await blobFiles()).length;
    const bad = await receiveVaultUpload(
      dsl,
      other,
      formUpload([
        { name: 'good.png', bytes: PNG },
        { name: 'bad.png', bytes: PDF },
      ]),
    );
    expect(bad).toMatchObject({ ok: false, message: expect.stringContaining('“bad.png” is not a PNG image') });
    expect((await rowsFor(a, other)).length).toBe(before);
    expect((await blobFiles()).length).toBe(filesBefore);
  });

  it('takes concurrent uploads to the same pupil, each once', async () => {
    const before = (await rowsFor(a, other)).length;
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => receiveVaultUpload(dsl, other, rawUpload(`scan ${i}.png`, PNG))),
    );
    expect(answers.every((x) => x.ok)).toBe(true);
    const names = (await rowsFor(a, other)).map((r) => r.name);
    expect(names.length).toBe(before + 6);
    for (let i = 0; i < 6; i++) expect(names.filter((n) => n === `scan ${i}.png`)).toHaveLength(1);
  });
});

describe('who may reach the vault', () => {
  it('refuses without the key, without "Files", and to another school, before reading a byte', async () => {
    await expect(receiveVaultUpload(dslNoKey, pupil, rawUpload('a.png', PNG))).rejects.toBeInstanceOf(
      NeedsElevationError,
    );
    await expect(receiveVaultUpload(slt, pupil, rawUpload('a.png', PNG))).rejects.toBeInstanceOf(NotAllowedError);
    await expect(receiveVaultUpload(teacher, pupil, rawUpload('a.png', PNG))).rejects.toBeInstanceOf(NotFoundError);
    await expect(receiveVaultUpload(dslB, pupil, rawUpload('a.png', PNG))).rejects.toBeInstanceOf(NotFoundError);
    const [row] = await rowsFor(a, pupil);
    await expect(documentForDownload(slt, pupil, row!.id)).rejects.toBeInstanceOf(NotAllowedError);
    await expect(documentForDownload(dslNoKey, pupil, row!.id)).rejects.toBeInstanceOf(NeedsElevationError);
    await expect(documentForDownload(teacher, pupil, row!.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("answers another school's document, or a document of another pupil, as not found", async () => {
    await receiveVaultUpload(dslB, pupilB, rawUpload('b.pdf', PDF));
    const [rowB] = await rowsFor(b, pupilB);
    await expect(documentForDownload(dsl, pupil, rowB!.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(documentForDownload(dslB, pupil, rowB!.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(documentsForZip(dsl, pupil, [rowB!.id])).rejects.toBeInstanceOf(NotFoundError);
    const [rowA] = await rowsFor(a, pupil);
    await expect(documentForDownload(dsl, other, rowA!.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(documentForDownload(dsl, pupil, 'not-a-uuid')).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      deleteVaultDocument(dsl, { studentId: pupil, documentId: rowB!.id, reason: 'x' }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('zip, delete and restore', () => {
  it('zips only the readable documents of the pupil, names made unique', async () => {
    await receiveVaultUpload(dsl, pupil, rawUpload('Social care letter.pdf', PDF));
    const mine = await rowsFor(a, pupil);
    const [foreign] = await rowsFor(b, pupilB);
    const docs = await documentsForZip(dsl, pupil, [...mine.map((r) => r.id), foreign!.id, 'junk']);
    expect(docs).toHaveLength(2);
    const parts: Uint8Array[] = [];
    for await (const p of zipDocuments(a.id, docs)) parts.push(p);
    const entries = unzipSync(Buffer.concat(parts));
    expect(Object.keys(entries).sort()).toEqual(['Social care letter (2).pdf', 'Social care letter.pdf']);
    expect(Buffer.from(entries['Social care letter.pdf']!).equals(PDF)).toBe(true);
  });

  it('deletes with a reason (gone from the list and downloads), and restores', async () => {
    const [row] = await rowsFor(a, pupil);
    await expect(
      deleteVaultDocument(slt, { studentId: pupil, documentId: row!.id, reason: 'Wrong pupil' }),
    ).rejects.toBeInstanceOf(NotAllowedError);
    await deleteVaultDocument(dsl, { studentId: pupil, documentId: row!.id, reason: 'Wrong pupil' });
    await expect(
      deleteVaultDocument(dsl, { studentId: pupil, documentId: row!.id, reason: 'again' }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(documentsForZip(dsl, pupil, [row!.id])).rejects.toBeInstanceOf(NotFoundError);
    const stored = await inSchool(a.id, (tx) =>
      tx
        .select({ reason: documents.deletedReason })
        .from(documents)
        .where(and(eq(documents.id, row!.id), eq(documents.schoolId, a.id))),
    );
    expect(stored).toEqual([{ reason: 'Wrong pupil' }]);
    await restoreVaultDocument(dsl, { studentId: pupil, documentId: row!.id });
    expect((await documentForDownload(dsl, pupil, row!.id)).id).toBe(row!.id);
    await expect(restoreVaultDocument(dsl, { studentId: pupil, documentId: row!.id })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe('damage and orphans', () => {
  it('fails the download loudly when a byte of the stored blob is flipped', async () => {
    const answer = await receiveVaultUpload(dsl, other, rawUpload('flip.pdf', PDF));
    const id = answer.ok ? answer.documentIds[0]! : '';
    const file = path.join(dataDir, 'files', 'documents', a.id, id);
    const blob = await readFile(file);
    blob[blob.length - 40] = blob[blob.length - 40]! ^ 1;
    await writeFile(file, blob);
    const doc = await documentForDownload(dsl, other, id);
    await expect(read((await openDocumentStream(a.id, doc))!)).rejects.toThrow(/integrity/);
  });

  it('removes an old blob no row refers to, never a referenced one or a recent one', async () => {
    const dir = path.join(dataDir, 'files', 'documents', a.id);
    await mkdir(dir, { recursive: true });
    const orphan = path.join(dir, randomUUID());
    const fresh = path.join(dir, randomUUID());
    await writeFile(orphan, strToU8('left by a crash'));
    await writeFile(fresh, strToU8('waiting for its transaction'));
    const old = new Date(Date.now() - 25 * 3_600_000);
    await utimes(orphan, old, old);
    const referenced = await blobFiles();
    for (const f of referenced) if (f !== fresh) await utimes(f, old, old);
    const result = await sweepOrphanDocumentBlobs(new Date());
    expect(result.orphansRemoved).toBe(1);
    const left = await blobFiles();
    expect(left).not.toContain(orphan);
    expect(left).toContain(fresh);
    expect(left.length).toBe(referenced.length - 1);
  });
});

describe('isolation: the vault surfaces across two schools with marker files', () => {
  it("never shows one school's document names or bytes to the other: list, download, zip", async () => {
    const markerOf = (label: string) => `MARKER_${label}_${randomUUID().slice(0, 8)}`;
    const ma = markerOf('A');
    const mb = markerOf('B');
    const fa = { marker: ma } as FixtureSchool;
    const fb = { marker: mb } as FixtureSchool;
    const upA = await receiveVaultUpload(dsl, pupil, rawUpload(`Note ${ma}.txt`, Buffer.from(`text ${ma}\n`)));
    const upB = await receiveVaultUpload(dslB, pupilB, rawUpload(`Note ${mb}.txt`, Buffer.from(`text ${mb}\n`)));
    const idA = upA.ok ? upA.documentIds[0]! : '';
    const idB = upB.ok ? upB.documentIds[0]! : '';
    for (const [ctx, student, own, foreignId, other] of [
      [dsl, pupil, idA, idB, fb],
      [dslB, pupilB, idB, idA, fa],
    ] as const) {
      const list = await getProfileDocuments(ctx, student, DEFAULT_NAME_STYLE);
      expect(JSON.stringify(list)).toContain(own);
      expectNoLeak(list, other);
      const doc = await documentForDownload(ctx, student, own);
      const bytes = await read((await openDocumentStream(ctx.school.id, doc))!);
      expectNoLeak(doc, other);
      expectNoLeak(bytes, other);
      await expect(documentForDownload(ctx, student, foreignId)).rejects.toBeInstanceOf(NotFoundError);
      const docs = await documentsForZip(ctx, student, [own, foreignId]);
      const parts: Uint8Array[] = [];
      for await (const p of zipDocuments(ctx.school.id, docs)) parts.push(p);
      const zip = Buffer.concat(parts);
      expect(Object.keys(unzipSync(zip)).length).toBeGreaterThan(0);
      expectNoLeak(zip, other);
      expectNoLeak(
        Object.values(unzipSync(zip)).map((b) => Buffer.from(b).toString('utf8')),
        other,
      );
    }
  });
});

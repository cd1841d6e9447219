/**
 * The school's library against a real database and the local blob store:
 * an upload stored as ciphertext under library/, opened by a teacher with the
 * view permission, delete with a reason and restore, each audited; and the
 * refusals — no view permission (unless the school opens the library to
 * everyone), no add permission, no key, another school's file, a deleted file,
 * a file whose content is not its type.
 */
import { mkdir, mkdtemp, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { inSchool } from '@/db/scoped';
import { auditLog, libraryDocuments } from '@/db/schema';
import { NotAllowedError, NotFoundError } from '@/lib/errors';
import {
  LIBRARY_NEEDS_KEY,
  NO_LIBRARY,
  NO_LIBRARY_ADD,
  deleteLibraryFile,
  libraryFileForDownload,
  listLibrary,
  receiveLibraryUpload,
  restoreLibraryFile,
  sweepOrphanLibraryBlobs,
} from '@/lib/library';
import { openDocumentStream } from '@/lib/vault';
import type { School, UserCtx } from '@/lib/tenancy/context';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'haven-library-'));
withTestDatabase({ HAVEN_DATA_DIR: dataDir });

const PHRASE = 'Safeguarding policy 2026: marker phrase L1BR';
const PDF = Buffer.from(`%PDF-1.7\n% ${PHRASE}\n${'1 0 obj <<>> endobj\n'.repeat(3000)}trailer <<>>\n%%EOF\n`);

let a: School;
let b: School;
let dsl: UserCtx;
let dslNoKey: UserCtx;
let teacher: UserCtx;
let support: UserCtx;
let dslB: UserCtx;

function rawUpload(name: string, bytes: Buffer): Request {
  return new Request('http://a.localhost/library/upload', {
    method: 'POST',
    body: new Uint8Array(bytes),
    headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(name) },
  });
}

async function read(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(parts);
}

async function libraryBlobs(school: School): Promise<string[]> {
  const dir = path.join(dataDir, 'files', 'library', school.id);
  return (await readdir(dir).catch(() => [])).map((f) => path.join(dir, f));
}

async function rows(school: School) {
  return inSchool(school.id, (tx) =>
    tx
      .select({
        id: libraryDocuments.id,
        name: libraryDocuments.originalName,
        key: libraryDocuments.storageKey,
        deletedAt: libraryDocuments.deletedAt,
        deletedReason: libraryDocuments.deletedReason,
      })
      .from(libraryDocuments),
  );
}

async function auditOf(school: School, id: string) {
  return inSchool(school.id, (tx) =>
    tx
      .select({ action: auditLog.action, actor: auditLog.actorUserId })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'library_document'), eq(auditLog.entityId, id)))
      .orderBy(asc(auditLog.at)),
  );
}

async function upload(ctx: UserCtx, name = 'Safeguarding policy.pdf', bytes = PDF): Promise<string> {
  const answer = await receiveLibraryUpload(ctx, rawUpload(name, bytes));
  if (!answer.ok) throw new Error(answer.message);
  return answer.documentIds[0]!;
}

beforeAll(async () => {
  a = await makeSchool('library-a');
  b = await makeSchool('library-b');
  const u = async (email: string, memberships: Record<string, string>) =>
    makeUser({ email, displayName: email.split('@')[0]!, memberships, totpSecret: 'JBSWY3DPEHPK3PXP' });
  dsl = (await signedIn(a, await u('dsl@library.test', { 'library-a': 'DSL' }), { elevated: true })).ctx;
  dslNoKey = (await signedIn(a, await u('dsl2@library.test', { 'library-a': 'DSL' }))).ctx;
  teacher = (await signedIn(a, await u('t@library.test', { 'library-a': 'Teachers' }))).ctx;
  support = (await signedIn(a, await u('s@library.test', { 'library-a': 'Support staff' }))).ctx;
  dslB = (await signedIn(b, await u('dslb@library.test', { 'library-b': 'DSL' }), { elevated: true })).ctx;
});

describe('upload and open', () => {
  it('stores the file as ciphertext under library/, lists it, and a teacher without a key opens it', async () => {
    const answer = await receiveLibraryUpload(dsl, rawUpload('Safeguarding policy.pdf', PDF));
    expect(answer).toMatchObject({ ok: true, status: 200, message: '“Safeguarding policy.pdf” added to the library.' });
    const id = answer.ok ? answer.documentIds[0]! : '';
    const [row] = (await rows(a)).filter((r) => r.id === id);
    expect(row).toMatchObject({ name: 'Safeguarding policy.pdf', key: `library/${a.id}/${id}`, deletedAt: null });

    const blob = await readFile(path.join(dataDir, 'files', row!.key));
    expect(blob.length).toBeGreaterThan(PDF.length);
    expect(blob.includes(Buffer.from('marker phrase L1BR'))).toBe(false);
    expect(blob.includes(Buffer.from('%PDF'))).toBe(false);

    const list = await listLibrary(teacher);
    expect(list.mayAdd).toBe(false);
    expect(list.files.map((f) => ({ name: f.name, by: f.uploadedBy, size: f.size }))).toContainEqual({
      name: 'Safeguarding policy.pdf',
      by: 'dsl',
      size: PDF.length,
    });
    expect(list.deletedFiles).toEqual([]);

    const doc = await libraryFileForDownload(teacher, id);
    expect(doc).toMatchObject({ name: 'Safeguarding policy.pdf', contentType: 'application/pdf', size: PDF.length });
    expect(await read((await openDocumentStream(a.id, doc, doc.context))!)).toEqual(PDF);
    expect(await auditOf(a, id)).toEqual([
      { action: 'library.document_uploaded', actor: dsl.user.id },
      { action: 'library.document_viewed', actor: teacher.user.id },
    ]);
  });

  it('binds the key to the library file: read as a vault document of the same id, it does not decrypt', async () => {
    const id = await upload(dsl, 'Bound.pdf');
    const doc = await libraryFileForDownload(dsl, id);
    await expect(
      (async () => {
        const stream = await openDocumentStream(a.id, doc);
        return stream ? read(stream) : null;
      })(),
    ).rejects.toThrow();
  });

  it('refuses a file whose content is not its type, naming it, and keeps nothing', async () => {
    const before = (await libraryBlobs(a)).length;
    const answer = await receiveLibraryUpload(dsl, rawUpload('Policy.pdf', Buffer.from('MZ this is a program')));
    expect(answer.ok).toBe(false);
    expect(answer.ok ? '' : answer.message).toContain('Policy.pdf');
    expect((await rows(a)).map((r) => r.name)).not.toContain('Policy.pdf');
    expect((await libraryBlobs(a)).length).toBe(before);
  });

  it('refuses a type the vault does not accept (a web page)', async () => {
    const answer = await receiveLibraryUpload(dsl, rawUpload('page.html', Buffer.from('<script>alert(1)</script>')));
    expect(answer.ok).toBe(false);
    expect((await rows(a)).map((r) => r.name)).not.toContain('page.html');
  });
});

describe('refusals', () => {
  it('someone without the view permission sees nothing, unless the school opens the library to all staff', async () => {
    const id = await upload(dsl, 'Staff code of conduct.pdf');
    await expect(listLibrary(support)).rejects.toThrow(new NotAllowedError(NO_LIBRARY));
    await expect(libraryFileForDownload(support, id)).rejects.toThrow(new NotAllowedError(NO_LIBRARY));
    const opened = {
      ...support,
      school: { ...support.school, settings: { ...support.school.settings, libraryForNonKeyUsers: true } },
    };
    expect((await listLibrary(opened)).files.map((f) => f.name)).toContain('Staff code of conduct.pdf');
    await expect(receiveLibraryUpload(opened, rawUpload('x.pdf', PDF))).rejects.toThrow(
      new NotAllowedError(NO_LIBRARY_ADD),
    );
  });

  it('refuses uploads and changes without the add permission, or without the key, and stores nothing', async () => {
    const id = await upload(dsl, 'Keep.pdf');
    const before = (await libraryBlobs(a)).length;
    await expect(receiveLibraryUpload(teacher, rawUpload('t.pdf', PDF))).rejects.toThrow(
      new NotAllowedError(NO_LIBRARY_ADD),
    );
    await expect(receiveLibraryUpload(dslNoKey, rawUpload('k.pdf', PDF))).rejects.toThrow(
      new NotAllowedError(LIBRARY_NEEDS_KEY),
    );
    await expect(deleteLibraryFile(teacher, { documentId: id, reason: 'no' })).rejects.toThrow(NotAllowedError);
    await expect(deleteLibraryFile(dslNoKey, { documentId: id, reason: 'no' })).rejects.toThrow(
      new NotAllowedError(LIBRARY_NEEDS_KEY),
    );
    expect((await libraryBlobs(a)).length).toBe(before);
    expect((await rows(a)).find((r) => r.id === id)?.deletedAt).toBeNull();
    expect((await listLibrary(dslNoKey)).mayAdd).toBe(false);
  });

  it("another school's file is not found: not listed, not opened, not deleted, not restored", async () => {
    const id = await upload(dsl, 'School A only.pdf');
    expect((await listLibrary(dslB)).files.map((f) => f.name)).not.toContain('School A only.pdf');
    await expect(libraryFileForDownload(dslB, id)).rejects.toThrow(NotFoundError);
    await expect(deleteLibraryFile(dslB, { documentId: id, reason: 'x' })).rejects.toThrow(NotFoundError);
    await expect(libraryFileForDownload(dsl, 'not-an-id')).rejects.toThrow(NotFoundError);
    expect((await rows(a)).find((r) => r.id === id)?.deletedAt).toBeNull();
  });
});

describe('delete and restore', () => {
  it('deletes with a reason: the file leaves the list and cannot be opened; restore brings it back; audited', async () => {
    const id = await upload(dsl, 'Old policy.pdf');
    await deleteLibraryFile(dsl, { documentId: id, reason: 'Replaced by the 2026 policy' });
    const row = (await rows(a)).find((r) => r.id === id)!;
    expect(row.deletedReason).toBe('Replaced by the 2026 policy');
    expect((await listLibrary(teacher)).files.map((f) => f.id)).not.toContain(id);
    expect((await listLibrary(teacher)).deletedFiles).toEqual([]);
    const forAdmin = await listLibrary(dsl);
    expect(forAdmin.deletedFiles.find((f) => f.id === id)?.deleted).toMatchObject({
      by: 'dsl',
      reason: 'Replaced by the 2026 policy',
    });
    await expect(libraryFileForDownload(teacher, id)).rejects.toThrow(NotFoundError);
    await expect(libraryFileForDownload(dsl, id)).rejects.toThrow(NotFoundError);
    // Deleting twice finds nothing to delete; restoring a live file likewise.
    await expect(deleteLibraryFile(dsl, { documentId: id, reason: 'again' })).rejects.toThrow(NotFoundError);
    await expect(restoreLibraryFile(teacher, { documentId: id })).rejects.toThrow(NotAllowedError);
    await expect(restoreLibraryFile(dslB, { documentId: id })).rejects.toThrow(NotFoundError);

    await restoreLibraryFile(dsl, { documentId: id });
    await expect(restoreLibraryFile(dsl, { documentId: id })).rejects.toThrow(NotFoundError);
    expect((await listLibrary(teacher)).files.map((f) => f.id)).toContain(id);
    expect((await auditOf(a, id)).map((r) => r.action)).toEqual([
      'library.document_uploaded',
      'library.document_deleted',
      'library.document_restored',
    ]);
  });
});

describe('orphan sweep', () => {
  it('removes an old blob no row names, never a named one (deleted included) nor a young one', async () => {
    const kept = await upload(dsl, 'Kept policy.pdf');
    const deleted = await upload(dsl, 'Deleted policy.pdf');
    await deleteLibraryFile(dsl, { documentId: deleted, reason: 'Out of date' });
    const dir = path.join(dataDir, 'files', 'library', a.id);
    await mkdir(dir, { recursive: true });
    const orphan = path.join(dir, randomUUID());
    const young = path.join(dir, randomUUID());
    await writeFile(orphan, 'left by a crash');
    await writeFile(young, 'its transaction is still running');
    const old = new Date(Date.now() - 25 * 3_600_000);
    for (const f of [orphan, ...(await libraryBlobs(a)).filter((f) => f !== young)]) await utimes(f, old, old);

    expect(await sweepOrphanLibraryBlobs(new Date())).toBe(1);
    const left = await libraryBlobs(a);
    expect(left).not.toContain(orphan);
    expect(left).toContain(young);
    expect(left).toContain(path.join(dir, kept));
    expect(left).toContain(path.join(dir, deleted));
    expect(await read((await openDocumentStream(a.id, ...(await opened(kept))))!)).toEqual(PDF);
  });
});

async function opened(id: string) {
  const doc = await libraryFileForDownload(dsl, id);
  return [doc, doc.context] as const;
}

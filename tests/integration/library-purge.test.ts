/**
 * Removing a library file for good (`npm run library -- purge`): only a file
 * the school has deleted, only at the school named, with a reason; the row,
 * its read receipts and its encrypted bytes go, and the audit log keeps the
 * document's id, size and the reason, never the file's name. Nothing a school
 * user can reach does this.
 */
import { mkdtemp, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { inSchool } from '@/db/scoped';
import { auditLog, libraryDocuments, libraryReadReceipts } from '@/db/schema';
import { runCommand } from '@/lib/cli/commands';
import { alertLibraryUsers, deleteLibraryFile, receiveLibraryUpload } from '@/lib/library';
import { purgeLibraryDocument } from '@/lib/library/purge';
import type { School, UserCtx } from '@/lib/tenancy/context';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'haven-library-purge-'));
withTestDatabase({ HAVEN_DATA_DIR: dataDir });

const PDF = Buffer.from(`%PDF-1.7\n% Old policy\n${'1 0 obj <<>> endobj\n'.repeat(200)}trailer <<>>\n%%EOF\n`);

let a: School;
let b: School;
let dsl: UserCtx;
let teacherId: string;

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

const blobs = async (school: School) =>
  (await readdir(path.join(dataDir, 'files', 'library', school.id)).catch(() => [] as string[])).sort();

const rowsOf = (school: School, id: string) =>
  inSchool(school.id, async (tx) => ({
    files: await tx.select().from(libraryDocuments).where(eq(libraryDocuments.id, id)),
    receipts: await tx.select().from(libraryReadReceipts).where(eq(libraryReadReceipts.documentId, id)),
    audit: await tx
      .select({
        action: auditLog.action,
        actor: auditLog.actorUserId,
        label: auditLog.actorLabel,
        details: auditLog.details,
      })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'library_document'), eq(auditLog.entityId, id))),
  }));

beforeAll(async () => {
  a = await makeSchool('purge-a');
  b = await makeSchool('purge-b');
  const u = (email: string, memberships: Record<string, string>) =>
    makeUser({ email, displayName: email.split('@')[0]!, memberships, totpSecret: 'JBSWY3DPEHPK3PXP' });
  dsl = (await signedIn(a, await u('dsl@purge.test', { 'purge-a': 'DSL' }), { elevated: true })).ctx;
  teacherId = await u('teacher@purge.test', { 'purge-a': 'Teachers' });
});

describe('removing a library file for good', () => {
  it('refuses a file still in the library, another school’s file, a made-up id and a missing reason', async () => {
    const id = await upload(dsl, 'Behaviour policy 2019.pdf');
    await expect(purgeLibraryDocument({ school: 'purge-a', document: id, reason: 'Superseded.' })).rejects.toThrow(
      'That file is still in the library',
    );
    await deleteLibraryFile(dsl, { documentId: id, reason: 'Superseded by the 2026 policy.' });
    await expect(purgeLibraryDocument({ school: 'purge-b', document: id, reason: 'Superseded.' })).rejects.toThrow(
      `${b.name} has no library file with that id.`,
    );
    await expect(
      purgeLibraryDocument({ school: 'purge-a', document: crypto.randomUUID(), reason: 'Superseded.' }),
    ).rejects.toThrow('has no library file with that id');
    await expect(purgeLibraryDocument({ school: 'nowhere', document: id, reason: 'Superseded.' })).rejects.toThrow(
      'There is no school “nowhere”.',
    );
    await expect(purgeLibraryDocument({ school: 'purge-a', document: id, reason: '' })).rejects.toThrow(
      'Give the reason',
    );
    await expect(
      purgeLibraryDocument({ school: 'purge-a', document: '../../etc/passwd', reason: 'Superseded.' }),
    ).rejects.toThrow('Give the file’s id');
    // Every refusal left the file, its bytes and the log as they were.
    const still = await rowsOf(a, id);
    expect(still.files).toHaveLength(1);
    expect(still.audit.map((r) => r.action)).not.toContain('library.document_purged');
    expect(await blobs(a)).toContain(id);
  });

  it('removes a deleted file, its receipts and its bytes, and the log keeps its id and the reason, not its name', async () => {
    const id = await upload(dsl, 'Named pupil letter.pdf');
    await alertLibraryUsers(dsl, {
      documentIds: [id],
      alertUserIds: [teacherId],
      alertGroupIds: [],
      requireAction: true,
    });
    expect((await rowsOf(a, id)).receipts).toHaveLength(1);
    await deleteLibraryFile(dsl, { documentId: id, reason: 'Uploaded here by mistake.' });

    const out: string[] = [];
    const code = await runCommand(
      ['library', 'purge', '--school', 'purge-a', '--document', id, '--reason', 'The school asked: a pupil’s letter.'],
      { log: (l) => out.push(l) },
    );
    expect(code).toBe(0);
    expect(out.join('\n')).toContain(`Removed library file ${id} from ${a.name} for good`);

    const after = await rowsOf(a, id);
    expect(after.files).toEqual([]);
    expect(after.receipts).toEqual([]);
    expect(await blobs(a)).not.toContain(id);
    const purged = after.audit.find((r) => r.action === 'library.document_purged');
    expect(purged).toMatchObject({
      actor: null,
      label: 'Haven support (command line)',
      details: { documentId: id, bytes: PDF.length, reason: 'The school asked: a pupil’s letter.' },
    });
    expect(JSON.stringify(purged)).not.toContain('Named pupil letter');

    // Twice: the second run finds nothing and says so.
    const again: string[] = [];
    expect(
      await runCommand(['library', 'purge', '--school', 'purge-a', '--document', id, '--reason', 'Again, please.'], {
        log: (l) => again.push(l),
      }),
    ).toBe(1);
    expect(again).toEqual([`${a.name} has no library file with that id.`]);
  });
});

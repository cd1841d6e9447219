/**
 * What one person may keep waiting to be attached: files sent from an
 * incident or action form before it is saved. Each stored one is audited;
 * past the number of files, the bytes or the sending rate the file is refused
 * with a message, and nothing of it is kept (no row, no blob); uploads sent
 * together cannot pass the limit together.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { inSchool } from '@/db/scoped';
import { auditLog, documents, rateLimitHits } from '@/db/schema';
import { rateLimitKey } from '@/lib/rate-limit';
import type { School, UserCtx } from '@/lib/tenancy/context';
import { receivePendingAttachment } from '@/lib/vault';
import { PENDING_FILES_PER_PERSON } from '@/lib/vault/attachments';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'haven-pending-limits-'));
withTestDatabase({ HAVEN_DATA_DIR: dataDir });

let school: School;
let counter = 0;

const send = (ctx: UserCtx, name: string, bytes: Buffer = Buffer.from(`Notes ${name}\n`)) =>
  receivePendingAttachment(
    ctx,
    new Request('http://pending.localhost/incidents/attachments', {
      method: 'POST',
      body: new Uint8Array(bytes),
      headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(name) },
    }),
  );

/** A new member of staff (no key needed: anyone may report an incident). */
async function teacher(at: School = school): Promise<UserCtx> {
  counter += 1;
  const id = await makeUser({
    email: `t${counter}@pending.test`,
    displayName: `Teacher ${counter}`,
    memberships: { [school.slug]: 'Teachers' },
  });
  return (await signedIn(at, id)).ctx;
}

const pendingOf = (ctx: UserCtx) =>
  inSchool(school.id, (tx) =>
    tx
      .select({ id: documents.id, name: documents.originalName })
      .from(documents)
      .where(and(eq(documents.uploadedBy, ctx.user.id), eq(documents.source, 'pending'))),
  );
const blobs = async () => (await readdir(path.join(dataDir, 'files', 'documents', school.id))).length;
const auditOf = (ctx: UserCtx, action: 'attachment.uploaded' | 'attachment.upload_refused') =>
  inSchool(school.id, (tx) =>
    tx
      .select({ entityType: auditLog.entityType, details: auditLog.details })
      .from(auditLog)
      .where(and(eq(auditLog.action, action), eq(auditLog.actorUserId, ctx.user.id))),
  );

beforeAll(async () => {
  school = await makeSchool('pending-limits');
});

describe('files waiting to be attached', () => {
  it('audits each one as it is stored, naming no record and not the file', async () => {
    const ctx = await teacher();
    const answer = await send(ctx, 'Ada disclosure notes.txt');
    expect(answer).toMatchObject({ ok: true, message: '“Ada disclosure notes.txt” is ready to attach.' });
    const id = answer.ok ? answer.documentIds[0] : '';
    const rows = await auditOf(ctx, 'attachment.uploaded');
    expect(rows).toEqual([
      { entityType: null, details: { documentId: id, size: expect.any(Number), type: 'text/plain' } },
    ]);
    expect(JSON.stringify(rows)).not.toContain('Ada');
  });

  it(`refuses a file past ${PENDING_FILES_PER_PERSON} waiting, says why, and keeps nothing of it`, async () => {
    const ctx = await teacher();
    for (let i = 0; i < PENDING_FILES_PER_PERSON; i++) expect((await send(ctx, `Note ${i}.txt`)).ok).toBe(true);
    const before = await blobs();
    const refused = await send(ctx, 'One too many.txt');
    expect(refused).toEqual({
      ok: false,
      status: 429,
      message: `You have ${PENDING_FILES_PER_PERSON} files waiting to be attached to an incident or action, the most one person may have at once. Save the form they are for first; files never saved are cleared after a day.`,
    });
    expect(await pendingOf(ctx)).toHaveLength(PENDING_FILES_PER_PERSON);
    expect((await pendingOf(ctx)).map((p) => p.name)).not.toContain('One too many.txt');
    expect(await blobs()).toBe(before);
    expect(await auditOf(ctx, 'attachment.upload_refused')).toEqual([
      { entityType: null, details: { reason: 'files' } },
    ]);
    // Someone else's allowance is their own.
    expect((await send(await teacher(), 'Mine.txt')).ok).toBe(true);
  });

  it('refuses a file that would take the bytes waiting over ten of the largest files, removing its blob', async () => {
    // The school takes files of up to 1 MB, so one person may have 10 MB waiting.
    const small: School = { ...school, settings: { ...school.settings, vaultMaxFileMb: 1 } };
    const ctx = await teacher(small);
    const file = Buffer.alloc(1_000_000, 'a');
    for (let i = 0; i < 10; i++) expect((await send(ctx, `Scan ${i}.txt`, file)).ok).toBe(true);
    const before = await blobs();
    const refused = await send(ctx, 'Scan 10.txt', file);
    expect(refused).toEqual({
      ok: false,
      status: 413,
      message:
        '“Scan 10.txt” was not kept. This file would take the files you have waiting to be attached over 10 MB, the most one person may have at once. Save the form they are for first; files never saved are cleared after a day.',
    });
    expect(await pendingOf(ctx)).toHaveLength(10);
    expect(await blobs()).toBe(before);
    expect(await auditOf(ctx, 'attachment.upload_refused')).toEqual([
      { entityType: null, details: { reason: 'size' } },
    ]);
  });

  it('slows down someone sending file after file, before reading a byte', async () => {
    const ctx = await teacher();
    const key = rateLimitKey('pending-upload', ctx.user.id);
    const now = new Date();
    await inSchool(school.id, (tx) =>
      tx.insert(rateLimitHits).values(Array.from({ length: 60 }, () => ({ id: randomUUID(), key, at: now }))),
    );
    const before = await blobs();
    const refused = await send(ctx, 'Fast.txt');
    expect(refused).toMatchObject({
      ok: false,
      status: 429,
      message: expect.stringMatching(/^Too many attempts\. Try again in \d+ seconds?\.$/),
    });
    expect(await pendingOf(ctx)).toEqual([]);
    expect(await blobs()).toBe(before);
    expect(await auditOf(ctx, 'attachment.upload_refused')).toEqual([
      { entityType: null, details: { reason: 'rate' } },
    ]);
  });

  it('lets uploads sent together fill the allowance and no more', async () => {
    const ctx = await teacher();
    for (let i = 0; i < PENDING_FILES_PER_PERSON - 3; i++) expect((await send(ctx, `Early ${i}.txt`)).ok).toBe(true);
    const before = await blobs();
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => send(ctx, `Together ${i}.txt`)));
    expect(answers.filter((a) => a.ok)).toHaveLength(3);
    expect(answers.filter((a) => !a.ok).map((a) => a.status)).toEqual([429, 429, 429]);
    expect(await pendingOf(ctx)).toHaveLength(PENDING_FILES_PER_PERSON);
    expect(await blobs()).toBe(before + 3);
  });
});

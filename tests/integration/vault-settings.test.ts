/**
 * Admin → School settings → "Largest file in the document vault (MB)": stored
 * for this school only, audited, refused out of range with a message for the
 * field, and the vault's upload limit follows it.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { and, desc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { inSchool } from '@/db/scoped';
import { auditLog, documents } from '@/db/schema';
import { updateSchoolSettings } from '@/lib/admin';
import { findSchoolBySlug } from '@/lib/schools/queries';
import type { School } from '@/lib/tenancy/context';
import { receiveVaultUpload } from '@/lib/vault';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';

withTestDatabase({ HAVEN_DATA_DIR: await mkdtemp(path.join(os.tmpdir(), 'haven-vault-settings-')) });

const valid = {
  idleTimeoutMinutes: '15',
  securityMessage: 'Lock your screen when you step away.',
  emailDomainWhitelist: '',
};
const MB = 1024 * 1024;
const pdfOf = (bytes: number) => {
  const b = Buffer.alloc(bytes, 0x20);
  b.write('%PDF-1.4\n', 0);
  return b;
};
const upload = (name: string, bytes: Buffer) =>
  new Request('http://a.localhost/x', {
    method: 'POST',
    body: new Uint8Array(bytes),
    headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(name) },
  });

let a: School;
let adminId: string;
let pupil: string;

beforeAll(async () => {
  a = await makeSchool('vault-size-a');
  await makeSchool('vault-size-b');
  adminId = await makeUser({
    email: 'admin@vault-size.test',
    displayName: 'Ada Admin',
    memberships: { 'vault-size-a': 'DSL' },
    totpSecret: 'JBSWY3DPEHPK3PXP',
  });
  [pupil = ''] = await addPupils(a.id, [{ legalForename: 'Ada', legalSurname: 'Size' }]);
});

/** A fresh request's context: the school (and its settings) as stored now. */
const adminNow = async () =>
  (await signedIn((await findSchoolBySlug('vault-size-a'))!, adminId, { elevated: true })).ctx;

describe('the vault’s largest file setting', () => {
  it('defaults to 50 MB, is stored from the form for this school only, and audited', async () => {
    expect(a.settings.vaultMaxFileMb).toBe(50);
    await updateSchoolSettings(await adminNow(), { ...valid, vaultMaxFileMb: '2' });
    expect((await findSchoolBySlug('vault-size-a'))!.settings.vaultMaxFileMb).toBe(2);
    expect((await findSchoolBySlug('vault-size-b'))!.settings.vaultMaxFileMb).toBe(50);
    const [row] = await inSchool(a.id, (tx) =>
      tx
        .select({ details: auditLog.details })
        .from(auditLog)
        .where(and(eq(auditLog.action, 'admin.settings_changed'), eq(auditLog.actorUserId, adminId)))
        .orderBy(desc(auditLog.at), desc(auditLog.id))
        .limit(1),
    );
    expect(row!.details).toMatchObject({ before: { vaultMaxFileMb: 50 }, after: { vaultMaxFileMb: 2 } });
  });

  it('refuses anything but a whole number from 1 to 500, with a message for the field, keeping what was stored', async () => {
    const ctx = await adminNow();
    const refused = (vaultMaxFileMb: string, message: string) =>
      expect(updateSchoolSettings(ctx, { ...valid, vaultMaxFileMb })).rejects.toMatchObject({
        issues: [expect.objectContaining({ path: ['vaultMaxFileMb'], message })],
      });
    await refused('0', 'At least 1 MB.');
    await refused('501', 'At most 500 MB.');
    await refused('2.5', 'Use a whole number of megabytes, from 1 to 500.');
    await refused('ten', 'Enter a number of megabytes, from 1 to 500.');
    expect((await findSchoolBySlug('vault-size-a'))!.settings.vaultMaxFileMb).toBe(2);
    // Saving the other settings without it keeps it.
    await updateSchoolSettings(ctx, valid);
    expect((await findSchoolBySlug('vault-size-a'))!.settings.vaultMaxFileMb).toBe(2);
  });

  it('is the limit uploads are held to', async () => {
    const three = pdfOf(3 * MB);
    expect(await receiveVaultUpload(await adminNow(), pupil, upload('scan.pdf', three))).toEqual({
      ok: false,
      status: 413,
      message: '“scan.pdf” is larger than 2 MB, the most a file may be.',
    });
    await updateSchoolSettings(await adminNow(), { ...valid, vaultMaxFileMb: '500' });
    expect(await receiveVaultUpload(await adminNow(), pupil, upload('scan.pdf', three))).toMatchObject({ ok: true });
    const rows = await inSchool(a.id, (tx) =>
      tx.select({ name: documents.originalName }).from(documents).where(eq(documents.studentId, pupil)),
    );
    expect(rows).toEqual([{ name: 'scan.pdf' }]);
  });
});

/**
 * Virus scanning of vault uploads against a real ClamAV daemon: the one in
 * CLAMAV_SOCKET (CI starts it), or else one this file starts itself through
 * .ci/start-clamd.sh when clamd is installed, with a local signature for the
 * EICAR test file. Without clamd at all it says so and, in CI, fails.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inSchool } from '@/db/scoped';
import { auditLog, documents } from '@/db/schema';
import { getConfig, setConfigForTests, type Config } from '@/lib/config';
import type { School, UserCtx } from '@/lib/tenancy/context';
import { receivePendingAttachment, receiveVaultUpload } from '@/lib/vault';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';

const root = path.resolve(__dirname, '../..');
const hasClamd = ['/usr/sbin/clamd', '/usr/bin/clamd'].some((p) => existsSync(p));

async function daemonSocket(): Promise<{ socket: string; stop: () => void } | null> {
  if (process.env.CLAMAV_SOCKET) return { socket: process.env.CLAMAV_SOCKET, stop: () => {} };
  if (!hasClamd) return null;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'haven-clamd-'));
  const socket = execFileSync(path.join(root, '.ci/start-clamd.sh'), [dir], { encoding: 'utf8' }).trim();
  return { socket, stop: () => execFileSync(path.join(root, '.ci/stop-clamd.sh'), [dir]) };
}

const daemon = await daemonSocket();
if (!daemon) {
  console.warn(
    '\n*** Virus-scanning tests NOT RUN: no CLAMAV_SOCKET and no clamd on this machine ' +
      '(apt-get install clamav-daemon clamav, then run again). ***\n',
  );
}

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'haven-vault-scan-'));
withTestDatabase({ HAVEN_DATA_DIR: dataDir, ...(daemon ? { CLAMAV_SOCKET: daemon.socket } : {}) });
afterAll(() => daemon?.stop());

// The EICAR test file, put together here so this source file is not itself flagged.
const EICAR = Buffer.from(`X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD${'-ANTIVIRUS-TEST-FILE!$H+H*'}`);
const PDF = Buffer.from(`%PDF-1.7\n% clean file\n${'1 0 obj <<>> endobj\n'.repeat(200_000)}trailer <<>>\n%%EOF\n`);

function rawUpload(name: string, bytes: Buffer): Request {
  return new Request('http://a.localhost/x', {
    method: 'POST',
    body: new Uint8Array(bytes),
    headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(name) },
  });
}

function formUpload(files: { name: string; bytes: Buffer }[]): Request {
  const form = new FormData();
  for (const f of files) form.append('files', new Blob([new Uint8Array(f.bytes)]), f.name);
  return new Request('http://a.localhost/x', { method: 'POST', body: form });
}

async function blobFiles(): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string) {
    for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push(p);
    }
  }
  await walk(path.join(dataDir, 'files', 'documents'));
  return out;
}

let school: School;
let dsl: UserCtx;
let pupil: string;

const documentNames = () =>
  inSchool(school.id, (tx) =>
    tx.select({ name: documents.originalName }).from(documents).where(eq(documents.studentId, pupil)),
  ).then((rows) => rows.map((r) => r.name).sort());

beforeAll(async () => {
  school = await makeSchool('scan-a');
  const user = await makeUser({
    email: 'dsl@scan.test',
    displayName: 'dsl',
    memberships: { 'scan-a': 'DSL' },
    totpSecret: 'JBSWY3DPEHPK3PXP',
  });
  dsl = (await signedIn(school, user, { elevated: true })).ctx;
  [pupil = ''] = await addPupils(school.id, [{ legalForename: 'Ada', legalSurname: 'Scan' }]);
});

describe('the scanning tests have a daemon to talk to', () => {
  it('in CI, clamd is there', () => {
    // Locally a missing clamd is reported above; in CI it is a failure, never a silent pass.
    if (process.env.CI)
      expect(daemon, 'CI must provide clamd (CLAMAV_SOCKET or clamav-daemon installed)').not.toBeNull();
  });
});

describe.runIf(daemon)('virus scanning of uploads (clamd)', () => {
  let config: Config;
  beforeAll(() => {
    config = getConfig();
    expect(config.clamav).toEqual({ socket: daemon!.socket });
  });
  afterEach(() => setConfigForTests(config));

  it('refuses the EICAR test file with a message naming the file and the signature; stores nothing; audits it', async () => {
    const blobsBefore = (await blobFiles()).length;
    const answer = await receiveVaultUpload(dsl, pupil, rawUpload('eicar.txt', EICAR));
    expect(answer).toMatchObject({ ok: false, status: 422 });
    expect(answer.message).toMatch(
      /^“eicar\.txt” was refused: it contains a virus \(Eicar-Test-Signature(\.UNOFFICIAL)?\)\.$/,
    );
    expect(await documentNames()).toEqual([]);
    expect((await blobFiles()).length).toBe(blobsBefore);
    const audit = await inSchool(school.id, (tx) =>
      tx
        .select({ details: auditLog.details, actor: auditLog.actorUserId })
        .from(auditLog)
        .where(and(eq(auditLog.action, 'document.virus_refused'), eq(auditLog.entityId, pupil))),
    );
    expect(audit).toEqual([
      {
        actor: dsl.user.id,
        details: expect.objectContaining({
          name: 'eicar.txt',
          signature: expect.stringMatching(/^Eicar-Test-Signature/),
        }),
      },
    ]);
  });

  it('scans a file sent from an incident or action form too: refused, nothing kept, audited on no record', async () => {
    const blobsBefore = (await blobFiles()).length;
    const answer = await receivePendingAttachment(dsl, rawUpload('attachment.txt', EICAR));
    expect(answer).toMatchObject({ ok: false, status: 422 });
    expect(answer.message).toMatch(/^“attachment\.txt” was refused: it contains a virus \(Eicar-Test-Signature/);
    expect((await blobFiles()).length).toBe(blobsBefore);
    const pending = await inSchool(school.id, (tx) =>
      tx.select({ id: documents.id }).from(documents).where(eq(documents.originalName, 'attachment.txt')),
    );
    expect(pending).toEqual([]);
    const audit = await inSchool(school.id, (tx) =>
      tx
        .select({ entityType: auditLog.entityType, details: auditLog.details })
        .from(auditLog)
        .where(eq(auditLog.action, 'attachment.virus_refused')),
    );
    expect(audit).toEqual([{ entityType: null, details: expect.objectContaining({ name: 'attachment.txt' }) }]);
  });

  it('accepts a clean file of several MB, scanned as it streams', async () => {
    expect(PDF.length).toBeGreaterThan(3 * 1024 * 1024);
    const answer = await receiveVaultUpload(dsl, pupil, rawUpload('clean.pdf', PDF));
    expect(answer).toMatchObject({ ok: true, message: '“clean.pdf” uploaded.' });
    expect(await documentNames()).toEqual(['clean.pdf']);
  });

  it('refuses a whole form when one of its files is infected: none of them kept', async () => {
    const blobsBefore = (await blobFiles()).length;
    const answer = await receiveVaultUpload(
      dsl,
      pupil,
      formUpload([
        { name: 'letter.pdf', bytes: PDF },
        { name: 'notes.txt', bytes: EICAR },
      ]),
    );
    expect(answer).toMatchObject({ ok: false, status: 422 });
    expect(answer.message).toMatch(/^“notes\.txt” was refused: it contains a virus \(Eicar-Test-Signature/);
    expect(await documentNames()).toEqual(['clean.pdf']);
    expect((await blobFiles()).length).toBe(blobsBefore);
  });

  it('refuses uploads when the configured daemon is not there (fails closed), storing nothing', async () => {
    const blobsBefore = (await blobFiles()).length;
    setConfigForTests({ ...config, clamav: { socket: path.join(dataDir, 'no-such.sock') } });
    const answer = await receiveVaultUpload(dsl, pupil, rawUpload('later.pdf', PDF));
    expect(answer).toEqual({
      ok: false,
      status: 503,
      message:
        '“later.pdf” was not stored: it could not be checked for viruses because the virus scanner is not answering. Try again later, or tell your administrator.',
    });
    expect(await documentNames()).toEqual(['clean.pdf']);
    expect((await blobFiles()).length).toBe(blobsBefore);
  });

  it('refuses uploads when a TCP daemon refuses the connection or hangs up without a verdict', async () => {
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise((r) => closed.close(r));
    setConfigForTests({ ...config, clamav: { host: '127.0.0.1', port } });
    expect(await receiveVaultUpload(dsl, pupil, rawUpload('a.pdf', PDF))).toMatchObject({ ok: false, status: 503 });

    // Something that takes the bytes and closes without a word is not a clean verdict.
    const mute = net.createServer((s) => s.on('data', () => s.end()));
    await new Promise<void>((r) => mute.listen(0, '127.0.0.1', r));
    setConfigForTests({ ...config, clamav: { host: '127.0.0.1', port: (mute.address() as net.AddressInfo).port } });
    expect(await receiveVaultUpload(dsl, pupil, rawUpload('b.pdf', PDF))).toMatchObject({ ok: false, status: 503 });
    await new Promise((r) => mute.close(r));

    // A daemon whose stream limit is below the file's size says so, and the message says what to do.
    const limited = net.createServer((s) =>
      s.once('data', () => {
        s.end('INSTREAM size limit exceeded. ERROR\0');
      }),
    );
    await new Promise<void>((r) => limited.listen(0, '127.0.0.1', r));
    setConfigForTests({ ...config, clamav: { host: '127.0.0.1', port: (limited.address() as net.AddressInfo).port } });
    expect(await receiveVaultUpload(dsl, pupil, rawUpload('c.pdf', PDF))).toEqual({
      ok: false,
      status: 503,
      message:
        '“c.pdf” was not stored: it is larger than the virus scanner accepts, so it could not be checked for viruses. Tell your administrator.',
    });
    await new Promise((r) => limited.close(r));
    expect(await documentNames()).toEqual(['clean.pdf']);
  });
});

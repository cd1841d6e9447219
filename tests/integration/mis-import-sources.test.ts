/**
 * The ways a bundle arrives, and who may use them: uploads (CSV files or one
 * .zip, with hostile zips refused), the mis-import job (newest delivered folder,
 * once, even when two runs race), and Admin → Imports' reads refused to
 * non-administrators, to administrators who have not used their key, and for
 * another school's runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { readSample, SAMPLE_DIR, SAMPLE_FILES, zipOf } from '../support/bundles';
import { inSchool } from '@/db/scoped';
import { importRuns, students } from '@/db/schema';
import { NotAllowedError, NotFoundError } from '@/lib/errors';
import { importDeliveredBundles } from '@/lib/jobs/mis-import';
import { getImportRun, listImportRowIssues, listImportRuns } from '@/lib/mis/queries';
import { importDeliveredBundle, importUpload, type UploadedFile } from '@/lib/mis/service';
import { unzipBundle } from '@/lib/mis/import/zip';
import { createLocalBlobStore } from '@/lib/storage';
import type { School, UserCtx } from '@/lib/tenancy/context';

withTestDatabase();

const NOW = new Date('2025-11-20T12:00:00Z');

function upload(name: string, body: string | Uint8Array): UploadedFile {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  return { name, size: bytes.length, stream: () => new Blob([new Uint8Array(bytes)]).stream() };
}

const sampleUploads = () => SAMPLE_FILES.map((n) => upload(n, readSample(n)));
const sampleZip = (prefix = '') => zipOf(Object.fromEntries(SAMPLE_FILES.map((n) => [`${prefix}${n}`, readSample(n)])));

async function pupilCount(school: School): Promise<number> {
  return (await inSchool(school.id, (tx) => tx.select({ id: students.id }).from(students))).length;
}

let a: School;
let b: School;
let admin: UserCtx;
let unelevated: UserCtx;
let teacher: UserCtx;
let adminB: UserCtx;

beforeAll(async () => {
  a = await makeSchool('upload-a');
  b = await makeSchool('upload-b');
  const adminId = await makeUser({
    email: 'admin@upload-a.test',
    displayName: 'Ada Admin',
    memberships: { 'upload-a': 'DSL' },
    totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  });
  const teacherId = await makeUser({
    email: 'teacher@upload-a.test',
    displayName: 'Tess Teacher',
    memberships: { 'upload-a': 'Teachers' },
  });
  const adminBId = await makeUser({
    email: 'admin@upload-b.test',
    displayName: 'Bea Admin',
    memberships: { 'upload-b': 'DSL' },
    totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  });
  admin = (await signedIn(a, adminId, { elevated: true })).ctx;
  unelevated = (await signedIn(a, adminId, { elevated: false })).ctx;
  teacher = (await signedIn(a, teacherId, { elevated: true })).ctx;
  adminB = (await signedIn(b, adminBId, { elevated: true })).ctx;
});

describe('uploads', () => {
  it('imports the CSV files as the signed-in administrator', async () => {
    const outcome = await importUpload(admin, sampleUploads(), NOW);
    expect(outcome).toMatchObject({ status: 'succeeded', counts: { added: 222, errors: 0 } });
    const runs = await listImportRuns(admin);
    expect(runs[0]).toMatchObject({
      id: outcome.runId,
      source: 'upload',
      status: 'succeeded',
      startedByName: 'Ada Admin',
      sourceName: 'students.csv, staff.csv, contacts.csv, attendance.csv',
    });
    expect(await pupilCount(a)).toBe(10);
  });

  it('imports a .zip of the files, at the top level or inside one folder (names in any case)', async () => {
    const flat = await importUpload(admin, [upload('extract.zip', sampleZip())], NOW);
    expect(flat).toMatchObject({ status: 'succeeded', counts: { added: 0, errors: 0 } });
    const inFolder = zipOf(
      Object.fromEntries(SAMPLE_FILES.map((n) => [`Export 2025-11-20/${n.toUpperCase()}`, readSample(n)])),
    );
    expect(await importUpload(admin, [upload('export.ZIP', inFolder)], NOW)).toMatchObject({
      status: 'succeeded',
      counts: { added: 0 },
    });
  });

  it.each([
    ['path traversal', { '../students.csv': readSample('students.csv') }, 'points outside the zip'],
    ['an absolute path', { '/etc/students.csv': readSample('students.csv') }, 'points outside the zip'],
    [
      'another file',
      { 'students.csv': readSample('students.csv'), 'run.sh': 'echo hi' },
      'A bundle holds only students.csv',
    ],
    ['nesting', { 'a/b/students.csv': readSample('students.csv') }, 'nested too deep'],
    [
      'two folders',
      { 'a/students.csv': readSample('students.csv'), 'b/staff.csv': readSample('staff.csv') },
      'in different folders',
    ],
  ])('refuses a zip with %s, recording the run as failed and changing nothing', async (_what, entries, reason) => {
    const before = await pupilCount(a);
    const outcome = await importUpload(admin, [upload('bad.zip', zipOf(entries))], NOW);
    expect(outcome.status).toBe('failed');
    if (outcome.status !== 'failed') return;
    expect(outcome.reason).toContain(reason);
    expect((await getImportRun(admin, outcome.runId)).failureReason).toContain(reason);
    expect(await pupilCount(a)).toBe(before);
  });

  it('refuses a zip that would unpack beyond the size cap (counted as it unpacks)', async () => {
    const big = zipOf({ 'students.csv': readSample('students.csv') + 'x'.repeat(200_000) });
    const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'haven-zip-'));
    await expect(unzipBundle([big], dir, 100_000)).rejects.toThrow(/larger than/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses something that is not a zip, a mix of zip and CSV, and unknown file names', async () => {
    for (const [files, reason] of [
      [[upload('x.zip', 'not a zip at all')], 'not a zip archive'],
      [[upload('x.zip', sampleZip()), upload('students.csv', readSample('students.csv'))], 'not both'],
      [[upload('pupils.csv', readSample('students.csv'))], 'is not part of an extract'],
      [[], 'Choose the extract'],
    ] as const) {
      const outcome = await importUpload(admin, files, NOW);
      expect(outcome.status).toBe('failed');
      if (outcome.status === 'failed') expect(outcome.reason).toContain(reason);
    }
  });
});

describe('who may import and read runs', () => {
  it('refuses a non-administrator and an administrator who has not used their key', async () => {
    for (const ctx of [teacher, unelevated]) {
      await expect(importUpload(ctx, sampleUploads(), NOW)).rejects.toThrow(NotAllowedError);
      await expect(listImportRuns(ctx)).rejects.toThrow(NotAllowedError);
    }
    await expect(listImportRuns(unelevated)).rejects.toThrow('Elevate your access to use administration.');
  });

  it("answers another school's run ids, and malformed ids, as not found", async () => {
    const runs = await listImportRuns(admin);
    const ofA = runs[0]!.id;
    await expect(getImportRun(adminB, ofA)).rejects.toThrow(NotFoundError);
    await expect(listImportRowIssues(adminB, ofA)).rejects.toThrow(NotFoundError);
    await expect(getImportRun(admin, 'not-a-uuid')).rejects.toThrow(NotFoundError);
    await expect(getImportRun(admin, crypto.randomUUID())).rejects.toThrow(NotFoundError);
    expect(await listImportRuns(adminB)).toEqual([]);
  });

  it('lists a run’s row issues for its own school', async () => {
    const broken = readSample('attendance.csv').replace('S1001,2025-11-03,PM,\\', 'S1001,2025-11-03,XM,\\');
    const outcome = await importUpload(
      admin,
      [upload('students.csv', readSample('students.csv')), upload('attendance.csv', broken)],
      NOW,
    );
    expect(outcome.status).toBe('succeeded');
    expect(await listImportRowIssues(admin, outcome.runId)).toEqual([
      {
        severity: 'error',
        file: 'attendance.csv',
        line: 3,
        column: 'session',
        reason: '"XM" is not a session: AM or PM',
      },
    ]);
  });
});

describe('the mis-import job', () => {
  it('imports the newest delivered folder once, even when two runs race, and then nothing more', async () => {
    const school = await makeSchool('job-school');
    const store = createLocalBlobStore(fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'haven-store-')));
    // An older, broken delivery and a newer good one.
    await store.put('imports/job-school/2025-11-18/students.csv', new TextEncoder().encode('nonsense\n'));
    await new Promise((r) => setTimeout(r, 20));
    for (const n of SAMPLE_FILES)
      await store.put(`imports/job-school/2025-11-19/${n}`, fs.readFileSync(path.join(SAMPLE_DIR, n)));
    const later = new Date(Date.now() + 120_000);
    const [one, two] = await Promise.all([
      importDeliveredBundle(school, { now: later, store }),
      importDeliveredBundle(school, { now: later, store }),
    ]);
    const outcomes = [one, two].map((o) => o?.status).sort();
    expect(outcomes).toEqual(['already-processed', 'succeeded']);
    const runs = await inSchool(school.id, (tx) =>
      tx.select().from(importRuns).where(eq(importRuns.schoolId, school.id)),
    );
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ source: 'job', sourceName: 'imports/job-school/2025-11-19', status: 'succeeded' });
    expect(await pupilCount(school)).toBe(10);
    // Again: already processed.
    expect(await importDeliveredBundle(school, { now: later, store })).toEqual({
      status: 'already-processed',
      runId: null,
    });
  });

  it('leaves a folder that is still arriving for the next run', async () => {
    const school = await makeSchool('job-settle');
    const store = createLocalBlobStore(fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'haven-store-')));
    await store.put(
      'imports/job-settle/2025-11-20/students.csv',
      fs.readFileSync(path.join(SAMPLE_DIR, 'students.csv')),
    );
    expect(await importDeliveredBundle(school, { now: new Date(), store })).toBeNull();
    expect(await importDeliveredBundle(school, { now: new Date(Date.now() + 61_000), store })).toMatchObject({
      status: 'succeeded',
    });
  });

  it('the registered job visits every school and reports what it did', async () => {
    const log: string[] = [];
    const summary = await importDeliveredBundles({ now: new Date(), settleMs: 0, log: (l) => log.push(l) });
    expect(summary.schools).toBeGreaterThan(0);
    expect(summary.failed).toBe(0);
    const runs = await inSchool(a.id, (tx) =>
      tx
        .select({ id: importRuns.id })
        .from(importRuns)
        .where(and(eq(importRuns.schoolId, a.id), eq(importRuns.source, 'job'))),
    );
    expect(runs).toEqual([]); // nothing was delivered for this school
  });
});

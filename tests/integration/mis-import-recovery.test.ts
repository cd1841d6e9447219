/**
 * A process killed in the middle of an import leaves its run 'running' and
 * its extract on disk. The next start-up (and the idle-cleanup job) marks
 * such runs failed as interrupted, with an audit row, and removes their work
 * folders, which live under the data directory, not the system's /tmp; a
 * run still being worked on is left alone.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb } from '@/db/client';
import { privileged } from '@/db/privileged';
import { auditLog, importRuns, students } from '@/db/schema';
import { parseConfig, setConfigForTests } from '@/lib/config';
import { recoverImports } from '@/lib/jobs/idle-cleanup';
import { runJob } from '@/lib/jobs/run-job';
import { BundleRefused } from '@/lib/mis/import/bundle';
import { INTERRUPTED_REASON } from '@/lib/mis/import/recovery';
import { runImport } from '@/lib/mis/import/run';
import { importWorkRoot } from '@/lib/mis/import/work-dir';
import { findSchoolBySlug } from '@/lib/schools/queries';
import { makeCtx } from '@/lib/tenancy/make-ctx';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-crash-'));
const env = { ...process.env, HAVEN_DATA_DIR: dataDir, NODE_ENV: 'development' as const, DATABASE_URL: '' };

afterAll(async () => {
  await closeDb();
  setConfigForTests(undefined);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const runOf = (id: string) =>
  privileged('job', 'test', (tx) => tx.select().from(importRuns).where(eq(importRuns.id, id))).then((r) => r[0]);

describe('an import whose process is killed', () => {
  let runId = '';

  it('leaves the run running and the partial extract in the work folder under the data directory', async () => {
    const child = spawn(
      process.execPath,
      ['--conditions=react-server', '--import', 'tsx', 'tests/support/import-crash-child.ts'],
      { env, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    runId = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => {
        const m = /running ([0-9a-f-]{36})/.exec(d.toString());
        if (m) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`the import process exited (${code}) before the run started`)));
    });
    const folder = path.join(dataDir, 'tmp', 'imports', runId);
    expect(fs.readFileSync(path.join(folder, 'students.csv'), 'utf8')).toContain('S1,Half');
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(fs.existsSync(folder)).toBe(true); // nothing cleaned up after a kill
  }, 120_000);

  it('is marked failed as interrupted at the next start-up, audited, with its folder removed and nothing imported', async () => {
    setConfigForTests(parseConfig({ NODE_ENV: 'test', HAVEN_DATA_DIR: dataDir }));
    await closeDb();
    expect((await runOf(runId))!.status).toBe('running');

    expect(await recoverImports()).toEqual({ runsInterrupted: 1, workFoldersRemoved: 1 });
    expect(await runOf(runId)).toMatchObject({
      status: 'failed',
      failureReason: INTERRUPTED_REASON,
      finishedAt: expect.any(Date),
    });
    const audit = await privileged('job', 'test', (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, runId), eq(auditLog.action, 'mis.import_run'))),
    );
    expect(audit).toEqual([
      expect.objectContaining({
        actorUserId: null,
        actorLabel: 'start-up',
        details: expect.objectContaining({ status: 'failed', reason: 'interrupted' }),
      }),
    ]);
    expect(fs.readdirSync(importWorkRoot())).toEqual([]);
    expect(await privileged('job', 'test', (tx) => tx.select({ id: students.id }).from(students))).toEqual([]);
    // Again: nothing more to do.
    expect(await recoverImports()).toEqual({ runsInterrupted: 0, workFoldersRemoved: 0 });
  }, 120_000);

  it('the idle-cleanup job leaves a run this process is still working on, and its folder, alone', async () => {
    const school = (await findSchoolBySlug('crash-school'))!;
    let release!: (e: Error) => void;
    let folder = '';
    const opened = new Promise<void>((ready) => {
      void runImport(makeCtx(school), {
        source: 'command',
        sourceName: 'slow extract',
        open: (dir) => {
          folder = dir;
          ready();
          return new Promise((_resolve, reject) => (release = reject));
        },
      }).then((outcome) => (finished = outcome));
    });
    let finished: Awaited<ReturnType<typeof runImport>> | null = null;
    await opened;
    // Another process's leftovers beside it: an old run's folder and stray files.
    fs.mkdirSync(path.join(importWorkRoot(), 'left-by-another'));
    const result = await runJob('idle-cleanup', { trigger: 'test' });
    expect(result).toMatchObject({ importRunsInterrupted: 0, importWorkFoldersRemoved: 1 });
    expect(fs.existsSync(folder)).toBe(true);
    const running = await privileged('job', 'test', (tx) =>
      tx.select().from(importRuns).where(eq(importRuns.status, 'running')),
    );
    expect(running).toHaveLength(1);
    expect(running[0]!.leaseUntil!.getTime()).toBeGreaterThan(Date.now());

    release(new BundleRefused('The extract was withdrawn.'));
    await expect.poll(() => finished?.status).toBe('failed');
    expect(fs.existsSync(folder)).toBe(false);
  }, 120_000);
});

/**
 * The embedded database is never opened by two processes: command-line tools
 * run on their own when nothing else has it, and through the owner's control
 * socket while the server runs.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireEmbeddedLock, EmbeddedDatabaseBusyError, lockPathFor, readLockOwner } from '@/db/embedded-lock';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-cli-'));
const env = { ...process.env, HAVEN_DATA_DIR: dataDir, NODE_ENV: 'development' as const, DATABASE_URL: '' };
const tsx = path.resolve('node_modules/.bin/tsx');
const cli = (...args: string[]) =>
  spawnSync(tsx, ['--conditions=react-server', 'scripts/cli.ts', ...args], { env, encoding: 'utf8', timeout: 60_000 });

let owner: ChildProcess | undefined;
afterAll(() => {
  owner?.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('command-line tools and the embedded database', () => {
  it('run on their own when no process has the database', () => {
    expect(cli('migrate').stdout).toContain('Database is up to date.');
    const created = cli('school', 'create', '--slug', 'cli-school', '--name', 'Command Line School');
    expect(created.stdout).toContain('Created school cli-school');
    expect(readLockOwner(path.join(dataDir, 'pglite'))).toBeNull(); // released on exit
  }, 90_000);

  it('report bad input clearly and exit non-zero', () => {
    const bad = cli('school', 'create', '--slug', 'Bad Slug!', '--name', 'X');
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/slug: Use 2–40 lower-case letters/);
    expect(bad.stdout).toMatch(/name: Enter the school’s name/);
    expect(cli('job', 'no-such-job').status).not.toBe(0);
    const noSchool = cli(
      'user',
      'add',
      '--school',
      'no-such-school',
      '--email',
      'lead@trust.example.org',
      '--group',
      'DSL',
    );
    expect(noSchool.status).toBe(1);
    expect(noSchool.stdout).toContain('No school "no-such-school".');
    const badAddress = cli('user', 'set-email', '--from', 'not an address', '--to', 'x@example.org');
    expect(badAddress.status).toBe(1);
    expect(badAddress.stdout).toMatch(/from: Give a valid email address/);
    // Four processes, each starting the embedded database: a minute is not enough on a busy machine.
  }, 180_000);

  it('go through the running owner instead of opening the directory again', async () => {
    // node itself (not the tsx wrapper) so the pid is the one that takes the lock.
    owner = spawn(
      process.execPath,
      ['--conditions=react-server', '--import', 'tsx', 'tests/support/embedded-owner.ts'],
      { env, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      owner!.stdout!.on('data', (d: Buffer) => d.toString().includes('owner-ready') && resolve());
      owner!.on('exit', (code) => reject(new Error(`owner exited ${code}`)));
    });
    const pgliteDir = path.join(dataDir, 'pglite');
    expect(readLockOwner(pgliteDir)).toBe(owner.pid);
    expect(() => acquireEmbeddedLock(pgliteDir)).toThrow(EmbeddedDatabaseBusyError);

    const created = cli('school', 'create', '--slug', 'while-running', '--name', 'Created While Running');
    expect(created.status).toBe(0);
    expect(created.stdout).toContain('Created school while-running');
    const listed = cli('school', 'list');
    expect(listed.stdout).toContain('cli-school');
    expect(listed.stdout).toContain('while-running');
    expect(cli('job', 'idle-cleanup').stdout).toMatch(/idle-cleanup: jobRunsDeleted=0/);
    const added = cli(
      'user',
      'add',
      '--school',
      'cli-school',
      '--email',
      'Lead@Trust.example.org',
      '--name',
      'Trust Lead',
      '--group',
      'DSL',
    );
    expect(added.stdout).toContain('Added lead@trust.example.org to Command Line School as a new account');
    expect(
      cli('user', 'add', '--school', 'while-running', '--email', 'lead@trust.example.org', '--group', 'Teachers')
        .stdout,
    ).toContain(
      'Added lead@trust.example.org to Created While Running; they have not set a password yet, so a link to set one is on its way.',
    );
    expect(
      cli('user', 'set-email', '--from', 'lead@trust.example.org', '--to', 'lead@new-trust.example.org').stdout,
    ).toContain('lead@trust.example.org now signs in as lead@new-trust.example.org at 2 schools');
    expect(readLockOwner(pgliteDir)).toBe(owner.pid); // still the owner's
  }, 120_000);

  it('take over a stale lock left by a dead process', () => {
    owner?.kill('SIGKILL');
    const dir = path.join(dataDir, 'stale');
    fs.writeFileSync(lockPathFor(dir), '999999');
    const release = acquireEmbeddedLock(dir);
    expect(fs.readFileSync(lockPathFor(dir), 'utf8')).toBe(String(process.pid));
    release();
    expect(fs.existsSync(lockPathFor(dir))).toBe(false);
  });
});

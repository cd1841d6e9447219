/**
 * When a run still marked 'running' has lost its process
 * (lib/mis/import/recovery.ts), on a server database where several
 * processes on several machines import at once, and on the embedded one
 * where one process owns everything; and which work folders may go.
 */
import { describe, expect, it } from 'vitest';
import { LEASE_MS } from '@/lib/mis/import/lease';
import { folderIsLeftover, runIsGone, type RunnerView } from '@/lib/mis/import/recovery';

const now = new Date('2025-11-20T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const later = (ms: number) => new Date(now.getTime() + ms);
const server: RunnerView = { now, ownsDatabase: false, me: 'web-2/41/aa', active: new Set(['mine-live']) };
const run = (over: Partial<{ id: string; runner: string | null; leaseUntil: Date | null; startedAt: Date }>) => ({
  id: 'r',
  runner: 'web-1/7/bb',
  leaseUntil: later(60_000),
  startedAt: ago(60_000),
  ...over,
});

describe('runIsGone on a server database', () => {
  it('keeps another machine’s run while its lease holds, however old the run', () => {
    expect(runIsGone(run({ startedAt: ago(3 * 3_600_000) }), server)).toBe(false);
  });

  it('judges another machine’s run gone once its lease has lapsed', () => {
    expect(runIsGone(run({ leaseUntil: ago(1) }), server)).toBe(true);
  });

  it('judges this process’s own run gone when it is not working on it, and keeps the ones it is', () => {
    expect(runIsGone(run({ runner: 'web-2/41/aa' }), server)).toBe(true);
    expect(runIsGone(run({ id: 'mine-live', runner: 'web-2/41/aa', leaseUntil: ago(1) }), server)).toBe(false);
  });

  it('counts a run recorded before leases existed from its start', () => {
    expect(runIsGone(run({ runner: null, leaseUntil: null, startedAt: ago(LEASE_MS - 1_000) }), server)).toBe(false);
    expect(runIsGone(run({ runner: null, leaseUntil: null, startedAt: ago(LEASE_MS + 1_000) }), server)).toBe(true);
  });
});

describe('runIsGone on the embedded database (one process owns it)', () => {
  const embedded: RunnerView = { ...server, ownsDatabase: true };
  it('judges every run this process is not working on gone, lease or not', () => {
    expect(runIsGone(run({}), embedded)).toBe(true);
    expect(runIsGone(run({ id: 'mine-live' }), embedded)).toBe(false);
  });
});

describe('folderIsLeftover', () => {
  it('removes a finished run’s folder, keeps a running one’s, and gives a folder of no known run an hour', () => {
    expect(folderIsLeftover({ status: 'failed', ageMs: 0 }, false)).toBe(true);
    expect(folderIsLeftover({ status: 'succeeded', ageMs: 0 }, false)).toBe(true);
    expect(folderIsLeftover({ status: 'running', ageMs: 86_400_000 }, false)).toBe(false);
    expect(folderIsLeftover({ status: undefined, ageMs: 10 * 60_000 }, false)).toBe(false);
    expect(folderIsLeftover({ status: undefined, ageMs: 61 * 60_000 }, false)).toBe(true);
  });

  it('removes anything this process is not working on when it alone uses the data directory', () => {
    expect(folderIsLeftover({ status: 'running', ageMs: 0 }, true)).toBe(true);
  });
});

/**
 * Keeps the database boundary true as the code grows: outside db/, nothing
 * reaches the owner handle; the privileged path is imported only by the
 * modules listed here, each a cross-school job or platform tool.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function grep(pattern: string): string[] {
  try {
    return execFileSync(
      'git',
      ['grep', '--untracked', '-lE', pattern, '--', 'app', 'lib', 'proxy.ts', 'instrumentation.ts'],
      { encoding: 'utf8' },
    )
      .trim()
      .split('\n')
      .filter(Boolean);
  } catch {
    return []; // git grep exits 1 when nothing matches
  }
}

const PRIVILEGED_USERS = [
  'lib/admin/category-merge.ts',
  'lib/jobs/database-statistics.ts',
  'lib/jobs/idle-cleanup.ts',
  'lib/jobs/outbox-send.ts',
  'lib/jobs/planner-reminders.ts',
  'lib/jobs/run-job.ts',
  'lib/library/purge.ts',
  'lib/mail/dev-mail.ts',
  'lib/platform/console-auth.ts',
  'lib/platform/operators.ts',
  'lib/platform/schools.ts',
  'lib/platform/sla.ts',
  'lib/platform/support.ts',
  'lib/schools/platform.ts',
  'lib/schools/service.ts',
  'lib/training/purge.ts',
  'lib/transfers/detection.ts',
  'lib/transfers/notify.ts',
  'lib/transfers/service.ts',
  'lib/users/platform.ts',
  'lib/users/provision.ts',
  'lib/users/shared-account.ts',
];

describe('database boundary', () => {
  it('no application module imports the owner database handle', () => {
    // embedded-host opens the database to own it (getDatabase), never to query it.
    expect(grep(String.raw`@/db/client`)).toEqual(['lib/cli/embedded-host.ts']);
  });

  it('only the named cross-school modules use the privileged path', () => {
    expect(grep(String.raw`@/db/privileged`).sort()).toEqual(PRIVILEGED_USERS);
  });

  it('routes never import db/ directly', () => {
    const offenders = grep(String.raw`from '@/db/`).filter((f) => f.startsWith('app/'));
    expect(offenders).toEqual([]);
  });
});

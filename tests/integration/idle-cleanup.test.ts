import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { privileged } from '@/db/privileged';
import { sessions, rateLimitHits } from '@/db/schema';
import { runJob } from '@/lib/jobs/run-job';
import type { School } from '@/lib/tenancy/context';

withTestDatabase();

let school: School;
let userId: string;
beforeAll(async () => {
  school = await makeSchool('cleanup-a');
  userId = await makeUser({ email: 'c@cleanup.test', displayName: 'C Lean', memberships: { 'cleanup-a': 'DSL' } });
});

describe('idle-cleanup', () => {
  it('deletes long-ended sessions and old rate-limit hits, keeps live ones, and is safe to run twice', async () => {
    const longAgo = new Date(Date.now() - 40 * 86_400_000);
    await signedIn(school, userId, { now: longAgo });
    await signedIn(school, userId);
    await privileged('job', 'test', (tx) =>
      tx.insert(rateLimitHits).values([
        { id: randomUUID(), key: 'account:x', at: longAgo },
        { id: randomUUID(), key: 'account:x', at: new Date() },
      ]),
    );
    const [first, second] = await Promise.all([
      runJob('idle-cleanup', { trigger: 'test' }),
      runJob('idle-cleanup', { trigger: 'test' }),
    ]);
    expect(Number(first!.sessionsDeleted) + Number(second!.sessionsDeleted)).toBe(1);
    expect(Number(first!.rateLimitHitsDeleted) + Number(second!.rateLimitHitsDeleted)).toBe(1);
    const left = await privileged('job', 'test', (tx) => tx.select({ id: sessions.id }).from(sessions));
    expect(left).toHaveLength(1);
  });
});

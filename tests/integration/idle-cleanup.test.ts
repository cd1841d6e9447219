import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { privileged } from '@/db/privileged';
import { inSchool } from '@/db/scoped';
import { documents, sessions, rateLimitHits } from '@/db/schema';
import { runJob } from '@/lib/jobs/run-job';
import type { School } from '@/lib/tenancy/context';
import { receivePendingAttachment } from '@/lib/vault';

// Its own blob store: the sweep lists every blob under documents/.
withTestDatabase({ HAVEN_DATA_DIR: await mkdtemp(path.join(os.tmpdir(), 'haven-cleanup-')) });

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

  it('reports how many pending uploads expired and how many blobs it removed', async () => {
    const { ctx } = await signedIn(school, userId, { elevated: true });
    const answer = await receivePendingAttachment(
      ctx,
      new Request('http://cleanup-a.localhost/incidents/attachments', {
        method: 'POST',
        body: new TextEncoder().encode('Notes from the meeting, never attached.\n'),
        headers: { 'content-type': 'application/octet-stream', 'x-file-name': 'Never attached.txt' },
      }),
    );
    if (!answer.ok) throw new Error(answer.message);
    const [id] = answer.documentIds;
    // Two days on, the upload is past the grace period.
    const report = await runJob('idle-cleanup', { trigger: 'test', now: new Date(Date.now() + 48 * 3_600_000) });
    expect(report).toMatchObject({ pendingUploadsExpired: 1, orphanDocumentBlobsRemoved: 1 });
    const [row] = await inSchool(school.id, (tx) =>
      tx.select({ deletedAt: documents.deletedAt }).from(documents).where(eq(documents.id, id!)),
    );
    expect(row?.deletedAt).not.toBeNull();
  });
});

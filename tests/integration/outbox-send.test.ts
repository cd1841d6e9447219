/**
 * The outbox-send job over a real database and a real HTTP mail endpoint (a
 * fake SES on 127.0.0.1): delivery, no double sending when two runs overlap,
 * retries with back-off, and the dead-letter state.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { openTestDatabase } from '../support/db';
import { startFakeSes, type FakeSes } from '../support/ses-fake-server';
import { privileged } from '@/db/privileged';
import { inSchool, rowsOf } from '@/db/scoped';
import { jobRuns, outbox, schools } from '@/db/schema';
import { queueEmail } from '@/lib/mail/outbox';
import { runJob } from '@/lib/jobs/run-job';
import { MAX_ATTEMPTS, retryDelayMinutes } from '@/lib/jobs/outbox-send';

let ses: FakeSes;
let close: () => Promise<void>;
const schoolId = randomUUID();

beforeAll(async () => {
  ses = await startFakeSes();
  // The SDK signs requests; the fake does not check the signature.
  process.env.AWS_ACCESS_KEY_ID = 'AKIAFAKESESTEST';
  process.env.AWS_SECRET_ACCESS_KEY = 'fake-ses-secret';
  close = await openTestDatabase({ MAIL_DRIVER: 'ses', SES_ENDPOINT: ses.endpoint, SES_REGION: 'eu-west-2' });
  await privileged('school-setup', 'test', (tx) =>
    tx.insert(schools).values({ id: schoolId, slug: 'outbox-test', name: 'Outbox School' }),
  );
});
afterAll(async () => {
  await close();
  await ses.close();
});

async function queue(n: number, tag: string) {
  return inSchool(schoolId, async (tx) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++)
      ids.push(
        await queueEmail(tx, schoolId, { to: `staff${i}@example.org`, subject: `${tag} ${i}`, text: `Body ${i}` }),
      );
    return ids;
  });
}

const statusOf = (ids: string[]) =>
  privileged('job', 'test', async (tx) =>
    rowsOf<{ id: string; status: string; attempts: number; last_error: string | null; next_attempt_at: Date }>(
      await tx.execute(
        sql`select id, status, attempts, last_error, next_attempt_at from outbox where id in ${ids} order by subject`,
      ),
    ),
  );

describe('outbox-send', () => {
  it('delivers queued mail once and records the run', async () => {
    ses.failWith(null);
    const ids = await queue(2, 'deliver');
    const summary = await runJob('outbox-send', { trigger: 'test' });
    expect(summary).toMatchObject({ claimed: 2, sent: 2, dead: 0 });
    const rows = await statusOf(ids);
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent']);
    const delivered = ses.requests.filter((r) => JSON.stringify(r.body).includes('deliver'));
    expect(
      delivered.map((r) => (r.body as { Destination: { ToAddresses: string[] } }).Destination.ToAddresses[0]).sort(),
    ).toEqual(['staff0@example.org', 'staff1@example.org']);
    expect((await runJob('outbox-send', { trigger: 'test' })).claimed).toBe(0);
    const runs = await privileged('job', 'test', (tx) =>
      tx.select().from(jobRuns).where(eq(jobRuns.job, 'outbox-send')),
    );
    expect(runs.every((r) => r.status === 'succeeded')).toBe(true);
  });

  it('two runs at once never send a message twice', async () => {
    ses.failWith(null);
    const before = ses.requests.length;
    const ids = await queue(6, 'overlap');
    const [one, two] = await Promise.all([
      runJob('outbox-send', { trigger: 'test' }),
      runJob('outbox-send', { trigger: 'test' }),
    ]);
    expect(Number(one!.sent) + Number(two!.sent)).toBe(6);
    expect(ses.requests.length - before).toBe(6);
    expect((await statusOf(ids)).every((r) => r.status === 'sent')).toBe(true);
  });

  it('retries a failure with back-off, then gives up as dead', async () => {
    const [id] = await queue(1, 'failing');
    ses.failWith(500);
    // A second ahead: the row's now() has microseconds, a JS date only milliseconds.
    let now = new Date(Date.now() + 1000);
    const first = await runJob('outbox-send', { trigger: 'test', now });
    expect(first).toMatchObject({ claimed: 1, sent: 0, retried: 1 });
    let [row] = await statusOf([id!]);
    expect(row).toMatchObject({ status: 'queued', attempts: 1 });
    expect(row!.last_error).toBeTruthy();
    expect(new Date(row!.next_attempt_at).getTime()).toBe(now.getTime() + retryDelayMinutes(1) * 60_000);

    // Not due yet: nothing happens.
    expect((await runJob('outbox-send', { trigger: 'test', now })).claimed).toBe(0);

    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
      now = new Date(now.getTime() + 61 * 60_000);
      await runJob('outbox-send', { trigger: 'test', now });
    }
    [row] = await statusOf([id!]);
    expect(row).toMatchObject({ status: 'dead', attempts: MAX_ATTEMPTS });
    now = new Date(now.getTime() + 24 * 3_600_000);
    expect((await runJob('outbox-send', { trigger: 'test', now })).claimed).toBe(0);

    // Recovered mail server: a dead message stays dead (visible at /dev/mail), nothing resent.
    ses.failWith(null);
    expect((await runJob('outbox-send', { trigger: 'test', now })).claimed).toBe(0);
  }, 120_000);

  it('back-off grows and is capped at an hour', () => {
    expect([1, 2, 3, 4, 7, 8, 20].map(retryDelayMinutes)).toEqual([1, 2, 4, 8, 60, 60, 60]);
  });

  it('an email queued by school A is invisible to school B', async () => {
    const other = randomUUID();
    await privileged('school-setup', 'test', (tx) =>
      tx.insert(schools).values({ id: other, slug: 'outbox-other', name: 'Other' }),
    );
    const seen = await inSchool(other, (tx) => tx.select({ id: outbox.id }).from(outbox));
    expect(seen).toEqual([]);
  });
});

/**
 * outbox-send: delivers queued mail through the configured transport.
 * Messages are claimed with FOR UPDATE SKIP LOCKED plus a lease (locked_until),
 * so two runs at once never send the same message; a failure is retried with
 * exponential back-off and the message goes 'dead' after MAX_ATTEMPTS.
 */
import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { privileged } from '@/db/privileged';
import { rowsOf } from '@/db/scoped';
import { outbox } from '@/db/schema';
import { getMailTransport } from '@/lib/mail/transport';
import type { JobDefinition } from './types';

export const MAX_ATTEMPTS = 8;
const BATCH = 50;
const LEASE_SECONDS = 120;

/** Minutes to wait before attempt n+1 after n failed attempts: 1, 2, 4 … capped at 60. */
export function retryDelayMinutes(attempts: number): number {
  return Math.min(60, 2 ** Math.max(0, attempts - 1));
}

interface Claimed {
  id: string;
  to_address: string;
  subject: string;
  body_text: string;
  body_html: string | null;
  attempts: number;
}

export const outboxSend: JobDefinition = {
  name: 'outbox-send',
  description: 'Deliver queued email from the outbox, with retries and a dead-letter state.',
  async run({ now, log }) {
    const transport = getMailTransport();
    const claimed = await privileged('job', 'outbox-send: claim', async (tx) => {
      const res = await tx.execute(sql`
        update ${outbox} set locked_until = ${now}::timestamptz + make_interval(secs => ${LEASE_SECONDS}),
                             attempts = attempts + 1
        where id in (
          select id from ${outbox}
          where status = 'queued' and next_attempt_at <= ${now}::timestamptz
            and (locked_until is null or locked_until < ${now}::timestamptz)
          order by next_attempt_at
          limit ${BATCH}
          for update skip locked)
        returning id, to_address, subject, body_text, body_html, attempts`);
      return rowsOf<Claimed>(res);
    });

    let sent = 0;
    let retried = 0;
    let dead = 0;
    for (const m of claimed) {
      try {
        const { providerMessageId } = await transport.send({
          to: m.to_address,
          subject: m.subject,
          text: m.body_text,
          html: m.body_html ?? undefined,
        });
        await privileged('job', 'outbox-send: sent', (tx) =>
          tx
            .update(outbox)
            .set({ status: 'sent', sentAt: now, providerMessageId, lockedUntil: null, lastError: null })
            .where(and(eq(outbox.id, m.id), eq(outbox.status, 'queued'))),
        );
        sent++;
      } catch (e) {
        const error = e instanceof Error ? e.message.slice(0, 500) : 'unknown error';
        const isDead = m.attempts >= MAX_ATTEMPTS;
        const next = new Date(now.getTime() + retryDelayMinutes(m.attempts) * 60_000);
        await privileged('job', 'outbox-send: failed', (tx) =>
          tx
            .update(outbox)
            .set({ status: isDead ? 'dead' : 'queued', lastError: error, lockedUntil: null, nextAttemptAt: next })
            .where(and(eq(outbox.id, m.id), eq(outbox.status, 'queued'))),
        );
        if (isDead) dead++;
        else retried++;
        log(`outbox-send: message ${m.id} failed (attempt ${m.attempts}): ${error}`);
      }
    }
    return { claimed: claimed.length, sent, retried, dead };
  },
};

/**
 * Queueing mail: a row in the outbox, written inside the caller's transaction
 * so the message exists exactly when the record that caused it does. Delivery
 * is the outbox-send job's work (lib/jobs/outbox-send.ts).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Tx } from '@/db/scoped';
import { outbox } from '@/db/schema';

const queuedEmail = z.strictObject({
  to: z.email(),
  subject: z.string().trim().min(1).max(200),
  text: z.string().min(1).max(20_000),
  html: z.string().max(100_000).optional(),
});
export type QueuedEmail = z.input<typeof queuedEmail>;

/** Queues one email in the current transaction. `schoolId` must be the transaction's school. */
export async function queueEmail(tx: Tx, schoolId: string | null, message: QueuedEmail): Promise<string> {
  const m = queuedEmail.parse(message);
  const id = randomUUID();
  await tx.insert(outbox).values({ id, schoolId, toAddress: m.to, subject: m.subject, bodyText: m.text, bodyHtml: m.html ?? null });
  return id;
}

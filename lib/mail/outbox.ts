/**
 * Queueing mail: a row in the outbox, written inside the caller's transaction
 * so the message exists exactly when the record that caused it does. Delivery
 * is the outbox-send job's work (lib/jobs/outbox-send.ts).
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
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
  await tx
    .insert(outbox)
    .values({ id, schoolId, toAddress: m.to, subject: m.subject, bodyText: m.text, bodyHtml: m.html ?? null });
  return id;
}

/**
 * Queues one email only if `condition` holds when the row is written, in one
 * statement that has the same shape either way. For answers that must not
 * show, by their work or their timing, whether the email went (a password
 * link asked for an address that may not exist).
 */
export async function queueEmailIf(
  tx: Tx,
  schoolId: string | null,
  message: QueuedEmail,
  condition: SQL,
): Promise<void> {
  const m = queuedEmail.parse(message);
  await tx.execute(
    sql`insert into ${outbox} (id, school_id, to_address, subject, body_text, body_html) select ${randomUUID()}::uuid, ${schoolId}::uuid, ${m.to}::text, ${m.subject}::text, ${m.text}::text, ${m.html ?? null}::text where ${condition}`,
  );
}

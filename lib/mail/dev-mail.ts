/**
 * The development mailbox (/dev/mail on the root domain): every message in the
 * outbox, for installs that use the outbox driver on a local address. It reads
 * across schools (reset links included), so it exists only where no real
 * school can be: the outbox driver (no mail leaves the machine) and a
 * *.localhost root domain, whatever NODE_ENV says; and it opens only to a
 * request from this machine, by the socket's real address (never a header a
 * client wrote: lib/http/request-address.ts).
 */
import 'server-only';
import { desc } from 'drizzle-orm';
import { privileged } from '@/db/privileged';
import { outbox, schools } from '@/db/schema';
import { eq } from 'drizzle-orm';
import { getConfig, type Config } from '@/lib/config';
import { isLoopback } from '@/lib/net/ip';

/** Whether this installation has a development mailbox at all. */
export function isDevMailboxEnabled(cfg: Pick<Config, 'mail' | 'rootDomain'> = getConfig()): boolean {
  return cfg.mail.driver === 'outbox' && /(^|\.)localhost(:\d+)?$/.test(cfg.rootDomain);
}

/** Whether a request from `clientAddress` may read it: only on such an installation, only from this machine. */
export function mayReadDevMailbox(
  clientAddress: string | null,
  cfg: Pick<Config, 'mail' | 'rootDomain'> = getConfig(),
): boolean {
  return isDevMailboxEnabled(cfg) && isLoopback(clientAddress);
}

export interface DevMailMessage {
  id: string;
  school: string | null;
  to: string;
  subject: string;
  text: string;
  status: 'queued' | 'sent' | 'dead';
  attempts: number;
  createdAt: Date;
  sentAt: Date | null;
}

/** The mailbox for a request from `clientAddress`; empty for anyone who may not read it. */
export async function listDevMail(clientAddress: string | null, limit = 200): Promise<DevMailMessage[]> {
  if (!mayReadDevMailbox(clientAddress)) return [];
  return privileged('platform-console', 'dev mailbox', (tx) =>
    tx
      .select({
        id: outbox.id,
        school: schools.name,
        to: outbox.toAddress,
        subject: outbox.subject,
        text: outbox.bodyText,
        status: outbox.status,
        attempts: outbox.attempts,
        createdAt: outbox.createdAt,
        sentAt: outbox.sentAt,
      })
      .from(outbox)
      .leftJoin(schools, eq(schools.id, outbox.schoolId))
      .orderBy(desc(outbox.createdAt))
      .limit(limit),
  );
}

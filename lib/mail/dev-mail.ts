/**
 * The development mailbox (/dev/mail on the root domain): every message in the
 * outbox, for installs that use the outbox driver on a local address. It reads
 * across schools, so it exists only where no real school can be: the outbox
 * driver (no mail leaves the machine) and a *.localhost root domain.
 */
import { desc } from 'drizzle-orm';
import { privileged } from '@/db/privileged';
import { outbox, schools } from '@/db/schema';
import { eq } from 'drizzle-orm';
import { getConfig } from '@/lib/config';

export function isDevMailboxEnabled(): boolean {
  const cfg = getConfig();
  return cfg.mail.driver === 'outbox' && /(^|\.)localhost(:\d+)?$/.test(cfg.rootDomain);
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

export async function listDevMail(limit = 200): Promise<DevMailMessage[]> {
  if (!isDevMailboxEnabled()) return [];
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

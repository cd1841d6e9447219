/**
 * planner-reminders: sends every planner reminder that is due, once. Each
 * batch is one transaction that claims its rows (`FOR UPDATE SKIP LOCKED`,
 * then `sent_at` set) and queues their emails: two runs at once never claim
 * the same row, and a crash before the commit leaves both unsent. A late run
 * sends everything due since, once. The due time was fixed as an instant
 * when the event was saved, from the school's time zone (lib/planner/when.ts),
 * so the clock changes need nothing here. The dashboard entry is the sent
 * row itself (lib/alerts/planner-reminders.ts).
 *
 * Reminders of a deleted event, or for someone no longer an active member of
 * the school, are cancelled rather than sent.
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import { privileged } from '@/db/privileged';
import { rowsOf } from '@/db/scoped';
import { plannerEvents, plannerReminders } from '@/db/schema';
import { queueEmail } from '@/lib/mail/outbox';
import { reminderEmail } from '@/lib/planner/reminder-email';
import { schoolOrigin } from '@/lib/tenancy/host';
import type { JobDefinition } from './types';

const BATCH = 200;

interface Claimed {
  id: string;
  school_id: string;
  slug: string;
  school_name: string;
  to_address: string | null;
}

export const plannerRemindersJob: JobDefinition = {
  name: 'planner-reminders',
  description: 'Send the planner reminders that are due (a dashboard entry and a content-free email), each once.',
  async run({ now, config }) {
    let sent = 0;
    let cancelled = 0;
    for (;;) {
      const batch = await privileged('job', 'planner-reminders: claim', async (tx) => {
        const res = await tx.execute(sql`
          with due as (
            select r.id from ${plannerReminders} r
            where r.sent_at is null and r.cancelled_at is null and r.due_at <= ${now}::timestamptz
            order by r.due_at
            limit ${BATCH}
            for update skip locked)
          update ${plannerReminders} r set sent_at = ${now}::timestamptz
          from due, ${plannerEvents} e, schools s
          where r.id = due.id and e.school_id = r.school_id and e.id = r.event_id and s.id = r.school_id
          returning r.id, r.school_id, s.slug, s.name as school_name,
            case when e.deleted_at is null then (
              select coalesce(m.alert_email, u.email) from memberships m join users u on u.id = m.user_id
              where m.school_id = r.school_id and m.user_id = r.user_id and m.status = 'active'
            ) end as to_address`);
        const rows = rowsOf<Claimed>(res);
        const undeliverable = rows.filter((r) => !r.to_address).map((r) => r.id);
        if (undeliverable.length > 0)
          await tx.execute(
            sql`update ${plannerReminders} set sent_at = null, cancelled_at = ${now}::timestamptz where id in (${sql.join(
              undeliverable.map((id) => sql`${id}::uuid`),
              sql`, `,
            )})`,
          );
        for (const r of rows) {
          if (!r.to_address) continue;
          const message = reminderEmail({
            schoolName: r.school_name,
            plannerUrl: `${schoolOrigin(r.slug, config.rootDomain, config.protocol)}/planner`,
          });
          await queueEmail(tx, r.school_id, { to: r.to_address, ...message });
        }
        return { claimed: rows.length, cancelled: undeliverable.length };
      });
      sent += batch.claimed - batch.cancelled;
      cancelled += batch.cancelled;
      if (batch.claimed < BATCH) break;
    }
    return { sent, cancelled };
  },
};

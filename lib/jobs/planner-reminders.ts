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
 * Reminders of a deleted event, or for someone who is no longer an active
 * member of the school or whose group has since lost the planner permission
 * (lib/access `planner.use`, judged as with their key), are cancelled rather
 * than sent: not sent, never retried, and no dashboard entry. The permission is
 * decided for each school's claimed people at once (`staffSubjects`: a few
 * reads per school in the batch, never one per reminder).
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import { privileged } from '@/db/privileged';
import { rowsOf, type Tx } from '@/db/scoped';
import { plannerEvents, plannerReminders } from '@/db/schema';
import { decide, staffSubjects } from '@/lib/access';
import { readSchoolSettings } from '@/lib/settings/school-settings';
import { queueEmail } from '@/lib/mail/outbox';
import { reminderEmail } from '@/lib/planner/reminder-email';
import { schoolOrigin } from '@/lib/tenancy/host';
import type { JobDefinition } from './types';

const BATCH = 200;

interface Claimed {
  id: string;
  school_id: string;
  user_id: string;
  slug: string;
  school_name: string;
  school_settings: unknown;
  to_address: string | null;
}

/** The claimed reminders whose person may still use the planner, decided per school for all its people at once. */
async function stillPlanners(tx: Tx, rows: readonly Claimed[], now: Date): Promise<Set<string>> {
  const allowed = new Set<string>();
  const bySchool = new Map<string, Claimed[]>();
  for (const r of rows) bySchool.set(r.school_id, [...(bySchool.get(r.school_id) ?? []), r]);
  for (const [schoolId, ofSchool] of bySchool) {
    const school = { id: schoolId, settings: readSchoolSettings(ofSchool[0]!.school_settings) };
    const subjects = await staffSubjects(tx, school, now, [...new Set(ofSchool.map((r) => r.user_id))]);
    for (const r of ofSchool) {
      const subject = subjects.get(r.user_id);
      if (subject && decide(subject, 'planner.use').allowed) allowed.add(r.id);
    }
  }
  return allowed;
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
          returning r.id, r.school_id, r.user_id, s.slug, s.name as school_name, s.settings as school_settings,
            case when e.deleted_at is null then (
              select coalesce(m.alert_email, u.email) from memberships m join users u on u.id = m.user_id
              where m.school_id = r.school_id and m.user_id = r.user_id and m.status = 'active'
            ) end as to_address`);
        const rows = rowsOf<Claimed>(res);
        const planners = await stillPlanners(
          tx,
          rows.filter((r) => r.to_address),
          now,
        );
        const undeliverable = rows.filter((r) => !r.to_address || !planners.has(r.id)).map((r) => r.id);
        if (undeliverable.length > 0)
          await tx.execute(
            sql`update ${plannerReminders} set sent_at = null, cancelled_at = ${now}::timestamptz where id in (${sql.join(
              undeliverable.map((id) => sql`${id}::uuid`),
              sql`, `,
            )})`,
          );
        for (const r of rows) {
          if (!r.to_address || !planners.has(r.id)) continue;
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

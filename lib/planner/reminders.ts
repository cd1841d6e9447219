/**
 * An event's reminders: one row per person who should get it (the creator
 * and each colleague it is shared with) at the event's due time. Saving the
 * event brings the rows in line: unsent reminders for someone no longer
 * concerned, or for another time, are cancelled; a person without one gets
 * one, unless theirs for that time was already sent (an edit that keeps the
 * reminder never sends it twice).
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { plannerReminders } from '@/db/schema';

export async function syncReminders(
  tx: Tx,
  schoolId: string,
  eventId: string,
  recipients: readonly string[],
  due: Date | null,
  now: Date,
): Promise<void> {
  const rows = await tx
    .select({
      id: plannerReminders.id,
      userId: plannerReminders.userId,
      dueAt: plannerReminders.dueAt,
      sentAt: plannerReminders.sentAt,
    })
    .from(plannerReminders)
    .where(
      and(
        eq(plannerReminders.schoolId, schoolId),
        eq(plannerReminders.eventId, eventId),
        isNull(plannerReminders.cancelledAt),
      ),
    );
  const wanted = (r: { userId: string; dueAt: Date }) =>
    due !== null && recipients.includes(r.userId) && r.dueAt.getTime() === due.getTime();
  const cancel = rows.filter((r) => r.sentAt === null && !wanted(r)).map((r) => r.id);
  if (cancel.length > 0)
    await tx
      .update(plannerReminders)
      .set({ cancelledAt: now })
      // Only rows still unsent: a reminder the job claimed meanwhile stays sent.
      .where(
        and(
          eq(plannerReminders.schoolId, schoolId),
          inArray(plannerReminders.id, cancel),
          isNull(plannerReminders.sentAt),
        ),
      );
  if (!due) return;
  const covered = new Set(rows.filter(wanted).map((r) => r.userId));
  const add = [...new Set(recipients)].filter((u) => !covered.has(u));
  if (add.length > 0)
    await tx
      .insert(plannerReminders)
      .values(add.map((userId) => ({ schoolId, id: randomUUID(), eventId, userId, dueAt: due, createdAt: now })));
}

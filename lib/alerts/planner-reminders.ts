/**
 * Planner reminders on the dashboard: each reminder the planner-reminders job
 * sent to the person, until they dismiss it. The title and time show only
 * while the person may see the event now (the planner with their key in use,
 * and the event still theirs, shared with them or public); otherwise the
 * entry says there is a reminder and asks for the key, as the email does.
 */
import 'server-only';
import { and, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { plannerEvents, plannerReminders } from '@/db/schema';
import { accessSubjectOf, decidePlannerEvent } from '@/lib/access';
import { NotFoundError } from '@/lib/errors';
import { dismissReminderInput } from '@/lib/planner/schema';
import type { UserCtx } from '@/lib/tenancy/context';
import { instantToZonedWallTime } from '@/lib/time/school-date';

export interface PlannerReminderItem {
  id: string;
  at: Date;
  /** Null while the person may not see the event (no key in use, no longer shared). */
  event: { id: string; title: string; startWall: string; allDay: boolean } | null;
}

export async function listMyPlannerReminders(ctx: UserCtx): Promise<PlannerReminderItem[]> {
  const subject = await accessSubjectOf(ctx);
  const rows = await ctx.run((tx) =>
    tx
      .select({
        id: plannerReminders.id,
        at: plannerReminders.sentAt,
        eventId: plannerEvents.id,
        title: plannerEvents.title,
        startsAt: plannerEvents.startsAt,
        allDay: plannerEvents.allDay,
        schoolId: plannerEvents.schoolId,
        createdBy: plannerEvents.createdBy,
        isPublic: plannerEvents.isPublic,
        deletedAt: plannerEvents.deletedAt,
        shared: sql<boolean>`exists (select 1 from planner_event_shares s where s.school_id = ${plannerEvents.schoolId} and s.event_id = ${plannerEvents.id} and s.user_id = ${ctx.user.id} and s.removed_at is null)`,
      })
      .from(plannerReminders)
      .innerJoin(
        plannerEvents,
        and(eq(plannerEvents.schoolId, plannerReminders.schoolId), eq(plannerEvents.id, plannerReminders.eventId)),
      )
      .where(
        and(
          eq(plannerReminders.schoolId, ctx.school.id),
          eq(plannerReminders.userId, ctx.user.id),
          isNotNull(plannerReminders.sentAt),
          isNull(plannerReminders.dismissedAt),
          // A deleted event takes its reminders off the dashboard.
          isNull(plannerEvents.deletedAt),
        ),
      )
      .orderBy(desc(plannerReminders.sentAt))
      .limit(100),
  );
  return rows.map((r) => {
    const visible = decidePlannerEvent(subject, 'planner_event.view', {
      schoolId: r.schoolId,
      createdBy: r.createdBy,
      isPublic: r.isPublic,
      sharedWithSubject: r.shared,
      deleted: r.deletedAt !== null,
    }).allowed;
    return {
      id: r.id,
      at: r.at!,
      event: visible
        ? {
            id: r.eventId,
            title: r.title,
            startWall: instantToZonedWallTime(ctx.school.timeZone, r.startsAt),
            allDay: r.allDay,
          }
        : null,
    };
  });
}

/** Only one's own sent reminder; anyone else's, or another school's, is "not found". */
export async function dismissPlannerReminder(ctx: UserCtx, input: unknown, now = new Date()): Promise<void> {
  const parsed = dismissReminderInput.safeParse(input);
  if (!parsed.success) throw new NotFoundError('reminder');
  const rows = await ctx.run((tx) =>
    tx
      .update(plannerReminders)
      .set({ dismissedAt: now })
      .where(
        and(
          eq(plannerReminders.schoolId, ctx.school.id),
          eq(plannerReminders.id, parsed.data.reminderId),
          eq(plannerReminders.userId, ctx.user.id),
          isNotNull(plannerReminders.sentAt),
          isNull(plannerReminders.dismissedAt),
        ),
      )
      .returning({ id: plannerReminders.id }),
  );
  if (rows.length === 0) throw new NotFoundError('reminder');
}

/**
 * The two moves of monitoring, inside a caller's transaction: start a period
 * (unless one is running) and end the running one. Every way of changing
 * monitoring — the profile, bulk updates, incidents — goes through these, so
 * the rules of a period (one running per pupil and category, an end never
 * before its start, history never rewritten) live in one place. Callers check
 * access first (lib/access: 'student.edit' on the pupil, the category among
 * visibleMonitoringCategoryIds).
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { monitoringPeriods } from '@/db/schema';

export interface StartMonitoring {
  schoolId: string;
  studentId: string;
  categoryId: string;
  /** YYYY-MM-DD in the school's time zone. */
  startedOn: string;
  via: 'profile' | 'bulk' | 'incident';
  by: string | null;
  incidentId?: string | null;
}

/** Starts a period; 'already' when the pupil is monitored in that category (the running period is kept). */
export async function startMonitoring(tx: Tx, input: StartMonitoring): Promise<'started' | 'already'> {
  const rows = await tx
    .insert(monitoringPeriods)
    .values({
      id: randomUUID(),
      schoolId: input.schoolId,
      studentId: input.studentId,
      categoryId: input.categoryId,
      startedOn: input.startedOn,
      startedVia: input.via,
      startedBy: input.by,
      startedByIncidentId: input.incidentId ?? null,
    })
    // The partial unique index allows one running period per pupil and category.
    .onConflictDoNothing({
      target: [monitoringPeriods.schoolId, monitoringPeriods.studentId, monitoringPeriods.categoryId],
      where: sql`${monitoringPeriods.endedOn} is null`,
    })
    .returning({ id: monitoringPeriods.id });
  return rows.length > 0 ? 'started' : 'already';
}

export interface EndMonitoring {
  studentId: string;
  categoryId: string;
  /** YYYY-MM-DD; a date before the period's start ends it on its start day. */
  endedOn: string;
  via: 'profile' | 'bulk';
  by: string | null;
}

/** Ends the running period; 'not_monitored' when there is none. */
export async function endMonitoring(tx: Tx, input: EndMonitoring): Promise<'ended' | 'not_monitored'> {
  const rows = await tx
    .update(monitoringPeriods)
    .set({
      endedOn: sql`greatest(${monitoringPeriods.startedOn}, ${input.endedOn}::date)`,
      endedVia: input.via,
      endedBy: input.by,
    })
    .where(
      and(
        eq(monitoringPeriods.studentId, input.studentId),
        eq(monitoringPeriods.categoryId, input.categoryId),
        isNull(monitoringPeriods.endedOn),
      ),
    )
    .returning({ id: monitoringPeriods.id });
  return rows.length > 0 ? 'ended' : 'not_monitored';
}

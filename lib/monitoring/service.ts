/**
 * Monitoring from the pupil's profile: tick a category to start monitoring
 * (with a start date), untick it to stop (ended today, in the school's time
 * zone). Only the differences between what the form showed and what was
 * submitted are applied, so two people saving at once never undo each
 * other's change. One transaction: the periods (through periods.ts, the only
 * code that starts or ends one) and an audit row per change.
 */
import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { categories } from '@/db/schema';
import { accessSubjectOf, viewableStudentCategoryIds } from '@/lib/access';
import { dateInZone } from '@/lib/time/school-date';
import { UserError } from '@/lib/errors';
import { findPupilFor } from '@/lib/students/access';
import { recordStudentEvent } from '@/lib/students/audit';
import { profileMonitoringInput } from '@/lib/students/schema';
import type { UserCtx } from '@/lib/tenancy/context';
import { endMonitoring, startMonitoring } from './periods';

export interface MonitoringChange {
  started: string[];
  ended: string[];
}

export async function updateProfileMonitoring(
  ctx: UserCtx,
  input: unknown,
  now = new Date(),
): Promise<MonitoringChange> {
  const subject = await accessSubjectOf(ctx);
  const data = profileMonitoringInput.parse(input);
  const today = dateInZone(ctx.school.timeZone, now);
  if (data.startedOn > today)
    throw new UserError('Monitoring cannot start in the future.', { startedOn: ['Choose today or an earlier date.'] });

  return ctx.run(async (tx) => {
    const pupil = await findPupilFor(tx, ctx, subject, data.studentId, 'student.edit');
    const ticked = new Set(data.monitored);
    const shown = new Set(data.shown);
    const toStart = [...ticked].filter((id) => !shown.has(id));
    const toEnd = [...shown].filter((id) => !ticked.has(id));
    const touched = [...toStart, ...toEnd];
    if (touched.length === 0) return { started: [], ended: [] };

    // Every category named must be this school's and one whose monitoring the
    // person may see; anything else (another school's id, a hidden category)
    // is refused as unknown, and nothing is saved.
    const visible = new Set(viewableStudentCategoryIds(subject));
    const known = await tx
      .select({ id: categories.id, archivedAt: categories.archivedAt })
      .from(categories)
      .where(and(eq(categories.schoolId, ctx.school.id), inArray(categories.id, touched)))
      // A merge of one of them waits for this change, or this waits and sees it disabled.
      .for('share');
    const byId = new Map(known.map((c) => [c.id, c]));
    for (const id of touched) {
      if (!byId.has(id) || !visible.has(id))
        throw new UserError('That category could not be found.', { monitored: ['That category could not be found.'] });
    }
    if (toStart.some((id) => byId.get(id)?.archivedAt)) {
      throw new UserError('An archived category cannot take new monitoring.', {
        monitored: ['An archived category cannot take new monitoring.'],
      });
    }

    const started: string[] = [];
    const ended: string[] = [];
    for (const categoryId of toStart) {
      const r = await startMonitoring(tx, {
        schoolId: ctx.school.id,
        studentId: pupil.id,
        categoryId,
        startedOn: data.startedOn,
        via: 'profile',
        by: ctx.user.id,
      });
      if (r === 'started') {
        started.push(categoryId);
        await recordStudentEvent(tx, ctx, {
          action: 'monitoring.started',
          studentId: pupil.id,
          details: { categoryId, startedOn: data.startedOn },
          at: now,
        });
      }
    }
    for (const categoryId of toEnd) {
      const r = await endMonitoring(tx, {
        studentId: pupil.id,
        categoryId,
        endedOn: today,
        via: 'profile',
        by: ctx.user.id,
      });
      if (r === 'ended') {
        ended.push(categoryId);
        await recordStudentEvent(tx, ctx, {
          action: 'monitoring.ended',
          studentId: pupil.id,
          details: { categoryId, endedOn: today },
          at: now,
        });
      }
    }
    return { started, ended };
  });
}

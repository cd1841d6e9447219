/**
 * Bulk monitoring ("Update categories" on a class or category list): start or
 * end monitoring in one category for the ticked pupils, or end every category
 * the user can see for them. All or nothing: every pupil must be one the user
 * may edit ('student.edit') and the category one whose monitoring they may see;
 * one pupil out of reach (another school's id, another class) refuses the
 * whole request as "not found", and nothing is written. The writes go through
 * lib/monitoring/periods.ts in one transaction with their audit rows.
 */
import 'server-only';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '@/db/scoped';
import { categories, monitoringPeriods, students } from '@/db/schema';
import { accessSubjectOf, can, decide, monitoringCategoryCondition, visibleMonitoringCategoryIds } from '@/lib/access';
import { withStudent } from '@/lib/audit/record';
import { writeAudit } from '@/lib/audit/write';
import { NotAllowedError, NotFoundError, UserError } from '@/lib/errors';
import type { UserCtx } from '@/lib/tenancy/context';
import { dateInZone } from '@/lib/time/school-date';
import { endMonitoring, startMonitoring } from './periods';

/** More than a year group at once is a mistake, not a bulk update. */
export const BULK_MAX = 500;

export const BULK_CHANGES = ['add', 'remove', 'wipe'] as const;
export type BulkChange = (typeof BULK_CHANGES)[number];

const studentIds = z.preprocess(
  (v) => (Array.isArray(v) ? v.join(',') : (v ?? '')),
  z
    .string()
    .max(BULK_MAX * 40)
    .transform((s) => [
      ...new Set(
        s
          .split(',')
          .map((x) => x.trim().toLowerCase())
          .filter(Boolean),
      ),
    ])
    .pipe(
      z
        .array(z.uuid('That pupil could not be found.'))
        .min(1, 'Tick at least one pupil.')
        .max(BULK_MAX, `Choose at most ${BULK_MAX} pupils at a time.`),
    ),
);

/**
 * The service's input, and the form's: pupil ids arrive as one
 * comma-separated value (or an array), the category is required unless every
 * category is being ended.
 */
export const bulkMonitoringInput = z
  .strictObject({
    studentIds,
    change: z.enum(BULK_CHANGES, { error: 'Choose what to do.' }),
    categoryId: z
      .union([z.uuid('Choose a category.'), z.literal('')])
      .optional()
      .transform((v) => v || undefined),
    date: z.iso.date({ error: 'Enter a date.' }),
  })
  .superRefine((v, ctx) => {
    if (v.change !== 'wipe' && !v.categoryId)
      ctx.addIssue({ code: 'custom', path: ['categoryId'], message: 'Choose a category.' });
  });
export type BulkMonitoringInput = z.input<typeof bulkMonitoringInput>;

export interface BulkMonitoringResult {
  change: BulkChange;
  /** The category added or removed; null when every visible category was ended. */
  categoryName: string | null;
  date: string;
  pupils: number;
  /** Periods started or ended. */
  changed: number;
  /** Pupils already as asked (already monitored, or not monitored). */
  unchanged: number;
}

const ELEVATE = 'Elevate your access to change monitoring.';
const EARLIEST = '2000-01-01';

function parseInput(raw: unknown) {
  const parsed = bulkMonitoringInput.safeParse(raw);
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) (fieldErrors[String(issue.path[0] ?? 'form')] ??= []).push(issue.message);
  throw new UserError('Please correct the highlighted fields.', fieldErrors);
}

/** Every id a pupil of this school whom the user may edit, or "not found" for all of them. */
async function requireEditablePupils(
  tx: Tx,
  ctx: UserCtx,
  subject: Awaited<ReturnType<typeof accessSubjectOf>>,
  ids: string[],
) {
  const rows = await tx
    .select({
      id: students.id,
      tutorGroup: students.tutorGroup,
      yearGroup: students.yearGroup,
      archivedAt: students.archivedAt,
    })
    .from(students)
    .where(and(eq(students.schoolId, ctx.school.id), inArray(students.id, ids)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const id of ids) {
    const r = byId.get(id);
    const resource = r && {
      schoolId: ctx.school.id,
      tutorGroup: r.tutorGroup,
      yearGroup: r.yearGroup,
      archived: r.archivedAt !== null,
    };
    if (!resource || !can(subject, 'student.edit', resource)) throw new NotFoundError('pupil');
  }
}

async function requireCategory(
  tx: Tx,
  ctx: UserCtx,
  subject: Awaited<ReturnType<typeof accessSubjectOf>>,
  id: string,
  change: BulkChange,
) {
  const [row] = await tx
    .select({ id: categories.id, name: categories.name, archivedAt: categories.archivedAt })
    .from(categories)
    .where(and(eq(categories.schoolId, ctx.school.id), eq(categories.id, id)))
    // A merge of this category waits for the change, or the change waits and sees it disabled.
    .for('share');
  // A category the user may not see is answered as one that does not exist; an archived one takes no new monitoring.
  if (!row || visibleMonitoringCategoryIds(subject, [row.id]).length === 0 || (change === 'add' && row.archivedAt)) {
    throw new NotFoundError('category');
  }
  return row;
}

export async function bulkUpdateMonitoring(
  ctx: UserCtx,
  raw: BulkMonitoringInput,
  now = new Date(),
): Promise<BulkMonitoringResult> {
  const subject = await accessSubjectOf(ctx);
  const decision = decide(subject, 'students.bulk_monitoring');
  if (!decision.allowed) throw new NotAllowedError(decision.reason === 'needs_elevation' ? ELEVATE : undefined);
  const input = parseInput(raw);
  const today = dateInZone(ctx.school.timeZone, now);
  if (input.date > today)
    throw new UserError('Please correct the highlighted fields.', { date: ['Choose today or an earlier date.'] });
  if (input.date < EARLIEST)
    throw new UserError('Please correct the highlighted fields.', { date: ['Choose a date from 2000 onwards.'] });

  return ctx.run(async (tx) => {
    await requireEditablePupils(tx, ctx, subject, input.studentIds);
    const category = input.categoryId ? await requireCategory(tx, ctx, subject, input.categoryId, input.change) : null;
    const by = ctx.user.id;
    const changes: { studentId: string; categoryId: string; action: 'monitoring.started' | 'monitoring.ended' }[] = [];

    if (input.change === 'add' && category) {
      for (const studentId of input.studentIds) {
        const r = await startMonitoring(tx, {
          schoolId: ctx.school.id,
          studentId,
          categoryId: category.id,
          startedOn: input.date,
          via: 'bulk',
          by,
        });
        if (r === 'started') changes.push({ studentId, categoryId: category.id, action: 'monitoring.started' });
      }
    } else {
      // Remove one category, or wipe: every running period in a category this user may see (others stay untouched).
      const running = await tx
        .select({ studentId: monitoringPeriods.studentId, categoryId: monitoringPeriods.categoryId })
        .from(monitoringPeriods)
        .where(
          and(
            eq(monitoringPeriods.schoolId, ctx.school.id),
            inArray(monitoringPeriods.studentId, input.studentIds),
            isNull(monitoringPeriods.endedOn),
            monitoringCategoryCondition(subject, monitoringPeriods.categoryId),
            category ? eq(monitoringPeriods.categoryId, category.id) : undefined,
          ),
        );
      for (const p of running) {
        const r = await endMonitoring(tx, {
          studentId: p.studentId,
          categoryId: p.categoryId,
          endedOn: input.date,
          via: 'bulk',
          by,
        });
        if (r === 'ended') changes.push({ ...p, action: 'monitoring.ended' });
      }
    }

    const row = { schoolId: ctx.school.id, at: now, actorUserId: by, meta: ctx.meta };
    await writeAudit(tx, [
      {
        ...row,
        action: 'monitoring.bulk_updated',
        entityType: null,
        entityId: null,
        details: {
          change: input.change,
          categoryId: category?.id ?? null,
          date: input.date,
          studentIds: input.studentIds,
          changed: changes.length,
        },
      },
      // The pupil in details.studentId too, as every pupil event carries it, for their Audit tab.
      ...changes.map((c) => ({
        ...row,
        action: c.action,
        entityType: 'student' as const,
        entityId: c.studentId,
        details: withStudent({ categoryId: c.categoryId, date: input.date, via: 'bulk' }, c.studentId),
      })),
    ]);

    const pupilsChanged = new Set(changes.map((c) => c.studentId)).size;
    return {
      change: input.change,
      categoryName: category?.name ?? null,
      date: input.date,
      pupils: input.studentIds.length,
      changed: changes.length,
      unchanged: input.studentIds.length - pupilsChanged,
    };
  });
}

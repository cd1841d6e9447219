/**
 * Merging an incident into another about the same pupil: the preview (what
 * moves where) and the merge itself, in one transaction with its audit row.
 * The merged incident stays in the database, marked merged.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { incidentActions, incidentCategories, incidents, students } from '@/db/schema';
import { accessSubjectOf, decide, type AccessSubject } from '@/lib/access';
import { recordIncidentEvent } from './audit';
import { NotFoundError, UserError } from '@/lib/errors';
import { formatPupilName, type NameStyle } from '@/lib/students/names';
import type { UserCtx } from '@/lib/tenancy/context';
import { incidentFor, incidentResource, type IncidentRow } from './resource';
import { mergeIncidentInput } from './schema';
import { liveOwnCategoryIds, ownLiveCategories } from './manage';

async function mergeTarget(tx: Tx, subject: AccessSubject, source: IncidentRow, number: number): Promise<IncidentRow> {
  const rows = await tx.select({ id: incidents.id }).from(incidents).where(eq(incidents.number, number)).limit(1);
  const found = rows[0] ? await incidentResource(tx, rows[0].id) : null;
  const notFound = () =>
    new UserError('Please correct the highlighted fields.', {
      intoNumber: [`There is no incident #${number} you can merge into.`],
    });
  if (!found || !decide(subject, 'incident.merge', found.resource).allowed) throw notFound();
  if (found.row.id === source.id)
    throw new UserError('Please correct the highlighted fields.', {
      intoNumber: ['An incident cannot be merged into itself.'],
    });
  // Merging across pupils would move one child's record into another child's chronology.
  if (found.row.studentId !== source.studentId) {
    throw new UserError('Please correct the highlighted fields.', {
      intoNumber: [`Incident #${number} is about another pupil: only incidents about the same pupil can be merged.`],
    });
  }
  return found.row;
}

export interface MergePreview {
  number: number;
  studentName: string;
  occurredAt: Date;
  text: string;
  actions: number;
}

/** What "Merge" will join, shown before the person confirms. */
export async function previewMerge(ctx: UserCtx, input: unknown, style: NameStyle): Promise<MergePreview> {
  // What was typed in the number box comes straight from the page: a bad number is said next to it.
  const parsed = mergeIncidentInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues.find((i) => i.path[0] === 'intoNumber');
    if (!issue) throw new NotFoundError('incident');
    throw new UserError('Please correct the highlighted fields.', { intoNumber: [issue.message] });
  }
  const data = parsed.data;
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    const { row } = await incidentFor(tx, subject, data.incidentId, 'incident.merge');
    const target = await mergeTarget(tx, subject, row, data.intoNumber);
    const [pupil] = await tx.select().from(students).where(eq(students.id, target.studentId));
    const [count] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(incidentActions)
      .where(and(eq(incidentActions.incidentId, target.id), isNull(incidentActions.deletedAt)));
    return {
      number: target.number,
      studentName: pupil ? formatPupilName(pupil, style) : '',
      occurredAt: target.occurredAt,
      text: target.text.slice(0, 400),
      actions: count?.n ?? 0,
    };
  });
}

/**
 * Merge: this incident becomes an action under the other one (same pupil),
 * its own actions and categories move with it, and it leaves the chronology.
 * The merged row stays, pointing at where it went.
 */
export async function mergeIncident(
  ctx: UserCtx,
  input: unknown,
  now = new Date(),
): Promise<{ intoId: string; actionId: string }> {
  const data = mergeIncidentInput.parse(input);
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    const { row } = await incidentFor(tx, subject, data.incidentId, 'incident.merge');
    const target = await mergeTarget(tx, subject, row, data.intoNumber);
    const actionId = randomUUID();
    await tx.insert(incidentActions).values({
      id: actionId,
      schoolId: ctx.school.id,
      incidentId: target.id,
      text: row.text,
      occurredAt: row.occurredAt,
      agencies: row.agencies,
      customFields: row.customFields,
      authorId: row.authorId,
      training: row.training,
      mergedFromIncidentId: row.id,
      createdAt: now,
      updatedAt: now,
    });
    // Its categories now come from the new action; its actions and their categories move across.
    const own = await liveOwnCategoryIds(tx, row.id);
    if (own.length > 0)
      await tx
        .insert(incidentCategories)
        .values(own.map((categoryId) => ({ schoolId: ctx.school.id, incidentId: target.id, categoryId, actionId })));
    await tx.update(incidentCategories).set({ removedAt: now }).where(ownLiveCategories(row.id));
    await tx
      .update(incidentCategories)
      .set({ incidentId: target.id })
      .where(and(eq(incidentCategories.incidentId, row.id), sql`${incidentCategories.actionId} is not null`));
    await tx
      .update(incidentActions)
      .set({ incidentId: target.id, updatedAt: now })
      .where(and(eq(incidentActions.incidentId, row.id), sql`${incidentActions.id} <> ${actionId}`));
    await tx.update(incidents).set({ mergedIntoId: target.id, updatedAt: now }).where(eq(incidents.id, row.id));
    await tx.update(incidents).set({ updatedAt: now }).where(eq(incidents.id, target.id));
    await recordIncidentEvent(
      tx,
      ctx,
      'incident.merged',
      row,
      { into: target.number, intoId: target.id, actionId },
      now,
    );
    return { intoId: target.id, actionId };
  });
}

/**
 * Adding an action to an incident, in one transaction: the action (and, when
 * asked, the same action on the linked pupils' copies the user may act on),
 * its first version (custom field values validated against the school's
 * action form), the categories it adds to the incident (which then count
 * for who may see it) with monitoring started for them, alerts and one
 * content-free email per person, audit rows.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { alerts } from '@/db/schema';
import { accessSubjectOf, mayAddInAll } from '@/lib/access';
import { recordActionEvent } from './audit';
import { claimSubmission, completeSubmission, submissionOf } from '@/lib/idempotency/submissions';
import { NotAllowedError, NotFoundError } from '@/lib/errors';
import type { UserCtx } from '@/lib/tenancy/context';
import { actableLinkedCopies, writeActionCopies } from './action-copies';
import { activeMemberIds, alertGroupMemberIds, raiseAlerts } from './recipients';
import { incidentFor } from './resource';
import { gatherCustomFields, newActionInput } from './schema';
import { validateCustomFields } from '@/lib/settings/custom-values';
import { occurredAtFrom } from './when';
import { chosenAgencyNames } from '@/lib/agencies/read';
import { categoriesOn, liveCategories } from './categories';
import { claimAttachments, shareAttachments } from './attachments';
import { withAlso, type AlsoSave } from './also-save';

export interface AddedAction {
  actionId: string;
  incidentId: string;
  /** Linked pupils' copies that received the action too. */
  alsoOn: string[];
  alerted: number;
}

export async function addAction(ctx: UserCtx, input: unknown, now = new Date(), also?: AlsoSave): Promise<AddedAction> {
  const data = newActionInput.parse(
    input && typeof input === 'object' ? gatherCustomFields(input as Record<string, unknown>) : input,
  );
  const subject = await accessSubjectOf(ctx);
  const occurredAt = occurredAtFrom(ctx.school.timeZone, data.occurredAt, now);
  if (data.categoryIds.length > 0 && !mayAddInAll(subject, data.categoryIds)) {
    throw new NotAllowedError('You cannot add incidents in one of these categories.');
  }

  return ctx.run(async (tx) => {
    const submission = submissionOf(ctx, 'action.add', withAlso(data, also));
    const earlier = await claimSubmission<AddedAction>(tx, submission, () => ACTION_SAVED_BEFORE, now);
    if (earlier) return earlier;
    const main = await incidentFor(tx, subject, data.incidentId, 'action.add');
    // An action may add a sub-category on its own: the incident already stands under its parent or not.
    await liveCategories(tx, data.categoryIds, 'categoryIds', false);
    const agencyNames = await chosenAgencyNames(tx, ctx.school.id, data.agencyIds);
    // The action form's custom fields apply by the incident's categories and those the action adds.
    const onIncident = (await categoriesOn(tx, [main.row.id])).map((c) => c.id);
    const customFields = validateCustomFields(
      ctx.school.settings.actionForm,
      [...onIncident, ...data.categoryIds],
      data.customFields,
    );

    // The linked pupils' copies the user may act on; the others are left alone.
    const targets = [main.row, ...(data.toLinkedPupils ? await actableLinkedCopies(tx, subject, main.row) : [])];
    const ids = targets.map(() => randomUUID());
    await writeActionCopies(
      tx,
      ctx,
      targets,
      ids,
      {
        text: data.text,
        occurredAt,
        agencies: data.agencies,
        agencyIds: data.agencyIds,
        agencyNames,
        customFields,
        authorId: ctx.user.id,
        training: ctx.school.settings.trainingMode,
        categoryIds: data.categoryIds,
        recordActionId: targets.length > 1 ? ids[0]! : null,
      },
      now,
    );
    // The files uploaded from the form become the action's, in this transaction; on request, each linked copy's too.
    const files = await claimAttachments(tx, ctx, data.attachmentIds, {
      incidentId: main.row.id,
      studentId: main.row.studentId,
      actionId: ids[0]!,
    });
    if (data.shareDocuments) {
      await shareAttachments(
        tx,
        ctx,
        files,
        targets.slice(1).map((t, i) => ({ incidentId: t.id, studentId: t.studentId, actionId: ids[i + 1]! })),
      );
    }

    // Who to alert: the people and groups chosen, and on request everyone alerted about the incident so far.
    const chosenActive = await activeMemberIds(tx, data.alertUserIds);
    for (const id of data.alertUserIds) if (!chosenActive.has(id)) throw new NotFoundError('user');
    const wanted = new Set<string>([...data.alertUserIds, ...(await alertGroupMemberIds(tx, data.alertGroupIds))]);
    if (data.alertIncidentRecipients) {
      const earlier = await tx.select({ userId: alerts.userId }).from(alerts).where(eq(alerts.incidentId, main.row.id));
      for (const e of earlier) wanted.add(e.userId);
      if (main.row.authorId) wanted.add(main.row.authorId);
    }
    wanted.delete(ctx.user.id);
    const recipients = [...(await activeMemberIds(tx, [...wanted]))];
    if (recipients.length > 0) {
      const names = await categoriesOn(tx, [main.row.id]);
      await raiseAlerts(
        tx,
        ctx,
        recipients.map((userId) => ({ userId, incidentId: main.row.id, actionId: ids[0]!, reason: 'chosen' })),
        now,
        { kind: 'action', categoryNames: [...new Set(names.map((n) => n.name))] },
      );
    }

    for (const [i, t] of targets.entries()) {
      await recordActionEvent(
        tx,
        ctx,
        'action.created',
        ids[i]!,
        t,
        {
          categoryIds: data.categoryIds,
          alerted: i === 0 ? recipients.length : 0,
          documentIds: i === 0 || data.shareDocuments ? files.map((f) => f.id) : [],
        },
        now,
      );
    }
    await also?.run(tx, {
      incidentId: main.row.id,
      actionId: ids[0]!,
      number: main.row.number,
      studentIds: targets.map((t) => t.studentId),
    });
    return completeSubmission(tx, submission, {
      actionId: ids[0]!,
      incidentId: main.row.id,
      alsoOn: targets.slice(1).map((t) => t.id),
      alerted: recipients.length,
    });
  });
}

const ACTION_SAVED_BEFORE =
  'This action was already saved from this form, before these changes: they have not been saved. Add them as another action, or start again.';

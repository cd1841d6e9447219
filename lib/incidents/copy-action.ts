/**
 * "Add to linked incidents": an action already recorded on one pupil's copy
 * of a record, added afterwards to the linked pupils' copies the person may
 * act on (and that do not have it yet), as if "add this action to the linked
 * pupils' records too" had been ticked when it was saved. One transaction:
 * the copies, their categories and monitoring, audit rows. Nobody is alerted
 * again: the people alerted about the action already were.
 */
import 'server-only';
import { chosenAgencyNames } from '@/lib/agencies/read';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNotNull, isNull, or } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { incidentActions, incidentCategories, students } from '@/db/schema';
import { accessSubjectOf, decide, mayAddInAll, type AccessSubject } from '@/lib/access';
import { recordActionEvent } from './audit';
import { NotAllowedError, NotFoundError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import { formatPupilName, type NameStyle } from '@/lib/students/names';
import type { UserCtx } from '@/lib/tenancy/context';
import { actableLinkedCopies, writeActionCopies } from './action-copies';
import { incidentFor, incidentResource, type IncidentRow } from './resource';
import { actionRefInput } from './schema';

type ActionRow = typeof incidentActions.$inferSelect;

export const NOTHING_TO_ADD_TO =
  'There is no linked pupil’s record you can add this action to: it is on all of them already, or you cannot add actions there.';

/** The copies of one action share `record_action_id`; an action never copied stands alone under its own id. */
const groupOf = (a: Pick<ActionRow, 'id' | 'recordActionId'>) => a.recordActionId ?? a.id;

/** Of the actable copies, those without a live copy of each action; keyed by action id. */
async function missingCopies(
  tx: Tx,
  copies: readonly IncidentRow[],
  actions: readonly Pick<ActionRow, 'id' | 'recordActionId'>[],
): Promise<Map<string, IncidentRow[]>> {
  const out = new Map<string, IncidentRow[]>();
  if (copies.length === 0 || actions.length === 0) return out;
  const groups = [...new Set(actions.map(groupOf))];
  const present = await tx
    .select({
      incidentId: incidentActions.incidentId,
      id: incidentActions.id,
      recordActionId: incidentActions.recordActionId,
    })
    .from(incidentActions)
    .where(
      and(
        inArray(
          incidentActions.incidentId,
          copies.map((c) => c.id),
        ),
        isNull(incidentActions.deletedAt),
        or(inArray(incidentActions.recordActionId, groups), inArray(incidentActions.id, groups)),
      ),
    );
  for (const a of actions) {
    const has = new Set(present.filter((p) => groupOf(p) === groupOf(a)).map((p) => p.incidentId));
    out.set(
      a.id,
      copies.filter((c) => !has.has(c.id)),
    );
  }
  return out;
}

export interface LinkedTarget {
  incidentId: string;
  number: number;
  studentName: string;
  role: string;
}

/**
 * For the add-action form: how many linked pupils' copies a new action could
 * also go on, the ones "add this action to the linked pupils' records too"
 * reaches (actableLinkedCopies). Zero when the person may not add an action
 * here, so the option is not offered.
 */
export async function actableLinkedCount(ctx: UserCtx, incidentId: string): Promise<number> {
  if (!isUuid(incidentId)) return 0;
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    const main = await incidentResource(tx, incidentId);
    if (!main || !decide(subject, 'action.add', main.resource).allowed) return 0;
    return (await actableLinkedCopies(tx, subject, main.row)).length;
  });
}

/**
 * For the incident page: per live action, the linked pupils' copies it could
 * still be added to. Empty when the person may not add actions here or there
 * are no such copies, so the option is offered only when it can succeed.
 */
export async function linkedTargetsByAction(
  ctx: UserCtx,
  incidentId: string,
  style: NameStyle,
): Promise<Record<string, LinkedTarget[]>> {
  if (!isUuid(incidentId)) return {};
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    const main = await incidentResource(tx, incidentId);
    if (!main || !decide(subject, 'action.add', main.resource).allowed) return {};
    const copies = await actableLinkedCopies(tx, subject, main.row);
    if (copies.length === 0) return {};
    const actions = await tx
      .select({ id: incidentActions.id, recordActionId: incidentActions.recordActionId })
      .from(incidentActions)
      .where(and(eq(incidentActions.incidentId, main.row.id), isNull(incidentActions.deletedAt)));
    // An action whose categories this person could not add is not offered: adding it would be refused.
    const cats = await tx
      .select({ actionId: incidentCategories.actionId, categoryId: incidentCategories.categoryId })
      .from(incidentCategories)
      .where(
        and(
          eq(incidentCategories.incidentId, main.row.id),
          isNotNull(incidentCategories.actionId),
          isNull(incidentCategories.removedAt),
        ),
      );
    const addable = actions.filter((a) =>
      mayAddInAll(
        subject,
        cats.filter((c) => c.actionId === a.id).map((c) => c.categoryId),
      ),
    );
    const missing = await missingCopies(tx, copies, addable);
    const pupils = await tx
      .select()
      .from(students)
      .where(
        inArray(
          students.id,
          copies.map((c) => c.studentId),
        ),
      );
    const nameOf = new Map(pupils.map((p) => [p.id, formatPupilName(p, style)]));
    const out: Record<string, LinkedTarget[]> = {};
    for (const [actionId, targets] of missing) {
      if (targets.length > 0)
        out[actionId] = targets.map((t) => ({
          incidentId: t.id,
          number: t.number,
          studentName: nameOf.get(t.studentId) ?? '',
          role: t.role,
        }));
    }
    return out;
  });
}

async function liveActionOrThrow(
  tx: Tx,
  subject: AccessSubject,
  actionId: string,
): Promise<{ act: ActionRow; main: IncidentRow }> {
  const [act] = await tx.select().from(incidentActions).where(eq(incidentActions.id, actionId)).limit(1);
  if (!act || act.deletedAt) throw new NotFoundError('action');
  const { row } = await incidentFor(tx, subject, act.incidentId, 'action.add');
  return { act, main: row };
}

export async function addActionToLinked(
  ctx: UserCtx,
  input: unknown,
  now = new Date(),
): Promise<{ incidentId: string; addedTo: string[] }> {
  const data = actionRefInput.parse(input);
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    const { act, main } = await liveActionOrThrow(tx, subject, data.actionId);
    const copies = await actableLinkedCopies(tx, subject, main, { lock: true });
    const targets = (await missingCopies(tx, copies, [act])).get(act.id) ?? [];
    if (targets.length === 0) throw new NotAllowedError(NOTHING_TO_ADD_TO);

    // The categories the action added go with it, and need the same right as adding them did.
    const cats = await tx
      .select({ categoryId: incidentCategories.categoryId })
      .from(incidentCategories)
      .where(and(eq(incidentCategories.actionId, act.id), isNull(incidentCategories.removedAt)));
    const categoryIds = [...new Set(cats.map((c) => c.categoryId))];
    if (categoryIds.length > 0 && !mayAddInAll(subject, categoryIds))
      throw new NotAllowedError('You cannot add incidents in one of this action’s categories.');

    const group = groupOf(act);
    if (act.recordActionId === null) {
      await tx.update(incidentActions).set({ recordActionId: group }).where(eq(incidentActions.id, act.id));
    }
    const ids = targets.map(() => randomUUID());
    await writeActionCopies(
      tx,
      ctx,
      targets,
      ids,
      {
        text: act.text,
        occurredAt: act.occurredAt,
        agencies: act.agencies,
        agencyIds: act.agencyIds,
        // The copies name what the action names, disabled agencies included.
        agencyNames: await chosenAgencyNames(tx, ctx.school.id, act.agencyIds, act.agencyIds),
        customFields: act.customFields,
        authorId: act.authorId,
        training: act.training,
        categoryIds,
        recordActionId: group,
      },
      now,
      { copiedFromActionId: act.id },
    );
    for (const [i, t] of targets.entries()) {
      await recordActionEvent(
        tx,
        ctx,
        'action.added_to_linked',
        ids[i]!,
        t,
        { fromActionId: act.id, fromIncidentId: main.id, fromNumber: main.number, categoryIds },
        now,
      );
    }
    return { incidentId: main.id, addedTo: targets.map((t) => t.id) };
  });
}

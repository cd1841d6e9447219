/**
 * One action on several pupils' copies of a record: which linked copies a
 * person may add an action to, and the writes that put an action on each of
 * them (the row, its first version, the categories it adds and monitoring
 * for them). Shared by adding an action ("add this action to the linked
 * pupils' records too") and by adding an existing action to linked
 * incidents later (copy-action.ts). Runs inside the caller's transaction.
 */
import 'server-only';
import { and, eq, inArray, isNull, ne } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { actionVersions, incidentActions, incidentCategories, incidents } from '@/db/schema';
import { decide, type AccessSubject } from '@/lib/access';
import type { UserCtx } from '@/lib/tenancy/context';
import { incidentResource, type IncidentRow } from './resource';
import { monitorFromIncident } from './categories';

/**
 * The other pupils' live copies of this incident's record on which the
 * subject may add an action; the rest are left alone. With `lock`, the
 * record's copies are locked for the rest of the transaction, so two people
 * adding the same action at once cannot both add it.
 */
export async function actableLinkedCopies(
  tx: Tx,
  subject: AccessSubject,
  main: IncidentRow,
  opts: { lock?: boolean } = {},
): Promise<IncidentRow[]> {
  const query = tx
    .select({ id: incidents.id })
    .from(incidents)
    .where(
      and(
        eq(incidents.recordId, main.recordId),
        ne(incidents.id, main.id),
        isNull(incidents.deletedAt),
        isNull(incidents.mergedIntoId),
      ),
    )
    .orderBy(incidents.number);
  const others = opts.lock ? await query.for('update') : await query;
  const out: IncidentRow[] = [];
  for (const o of others) {
    const found = await incidentResource(tx, o.id);
    if (found && decide(subject, 'action.add', found.resource).allowed) out.push(found.row);
  }
  return out;
}

export interface ActionContent {
  text: string;
  occurredAt: Date;
  /** Free text for agencies not on the school's list. */
  agencies: string[];
  /** Agencies from the list, and their names as saved (for the version history). */
  agencyIds?: readonly string[];
  agencyNames?: readonly string[];
  customFields?: Record<string, unknown>;
  authorId: string | null;
  training: boolean;
  /** Categories the action adds to each incident it is on. */
  categoryIds: readonly string[];
  /** The id shared by the action's copies; null for an action on one copy only. */
  recordActionId: string | null;
}

/** Writes the action onto each target incident, `ids[i]` on `targets[i]`. */
export async function writeActionCopies(
  tx: Tx,
  ctx: UserCtx,
  targets: readonly IncidentRow[],
  ids: readonly string[],
  content: ActionContent,
  now: Date,
  snapshotExtra: Record<string, unknown> = {},
): Promise<void> {
  const schoolId = ctx.school.id;
  await tx.insert(incidentActions).values(
    targets.map((t, i) => ({
      id: ids[i]!,
      schoolId,
      incidentId: t.id,
      text: content.text,
      occurredAt: content.occurredAt,
      agencies: content.agencies,
      agencyIds: [...(content.agencyIds ?? [])],
      customFields: content.customFields ?? {},
      authorId: content.authorId,
      training: content.training,
      recordActionId: content.recordActionId,
      createdAt: now,
      updatedAt: now,
    })),
  );
  await tx.insert(actionVersions).values(
    ids.map((actionId) => ({
      schoolId,
      actionId,
      version: 1,
      snapshot: {
        text: content.text,
        occurredAt: content.occurredAt.toISOString(),
        categoryIds: [...content.categoryIds],
        agencies: [...(content.agencyNames ?? []), ...content.agencies],
        agencyIds: [...(content.agencyIds ?? [])],
        customFields: content.customFields ?? {},
        ...snapshotExtra,
      },
      savedBy: ctx.user.id,
      savedAt: now,
    })),
  );
  if (content.categoryIds.length > 0) {
    await tx
      .insert(incidentCategories)
      .values(
        targets.flatMap((t, i) =>
          content.categoryIds.map((categoryId) => ({ schoolId, incidentId: t.id, categoryId, actionId: ids[i]! })),
        ),
      );
    for (const t of targets) await monitorFromIncident(tx, ctx, t, content.categoryIds, content.occurredAt);
  }
  await tx
    .update(incidents)
    .set({ updatedAt: now })
    .where(
      inArray(
        incidents.id,
        targets.map((t) => t.id),
      ),
    );
}

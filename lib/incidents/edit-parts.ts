/**
 * What an incident edit does beyond its own row (manage.ts `editIncident`):
 * pupils linked by it (each gets a copy of the incident, as on the add form)
 * and the alerts it sends. Runs inside
 * the edit's transaction: the decisions come first (`planLinks`), the writes
 * after the incident's new version is in place (`writeLinkedCopies`,
 * `alertOnEdit`), so anything refused leaves nothing written.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { categories, incidents } from '@/db/schema';
import { decideIncidentSubmission, type AccessSubject, type StudentResource } from '@/lib/access';
import { recordAudit } from '@/lib/audit/record';
import { NotAllowedError, NotFoundError, UserError } from '@/lib/errors';
import { monitorFromIncident } from './categories';
import type { UserCtx } from '@/lib/tenancy/context';
import { pupilsOf, startCopies } from './create';
import { takeNumbers } from './numbers';
import {
  activeMemberIds,
  alertGroupMemberIds,
  categoryRuleHolders,
  raiseAlerts,
  resolveRecipients,
  type Recipient,
} from './recipients';
import type { IncidentRow } from './resource';
import type { LinkedPupilInput } from './schema';

const linkError = (message: string) => new UserError('Please correct the highlighted fields.', { linked: [message] });

/**
 * Decides the pupils to link before anything is written: each once, none the
 * incident's own pupil or already on its record, each one the editor may pick,
 * and the copy's categories (the incident's) and each pupil's monitoring
 * categories ones they may add in, asked of the engine as for a new incident.
 */
export async function planLinks(
  tx: Tx,
  subject: AccessSubject,
  row: IncidentRow,
  categoryIds: readonly string[],
  linked: readonly LinkedPupilInput[],
): Promise<Map<string, StudentResource>> {
  if (linked.length === 0) return new Map();
  const ids = linked.map((l) => l.studentId);
  if (new Set(ids).size !== ids.length) throw linkError('Each pupil can be linked once.');
  const onRecord = await tx
    .select({ studentId: incidents.studentId })
    .from(incidents)
    .where(and(eq(incidents.recordId, row.recordId), isNull(incidents.deletedAt)));
  if (ids.some((id) => id === row.studentId || onRecord.some((r) => r.studentId === id)))
    throw linkError('One of these pupils is already on this incident: link other pupils only.');
  const pupils = await pupilsOf(tx, ids);
  const decision = decideIncidentSubmission(subject, {
    schoolId: row.schoolId,
    categoryIds,
    linkedCategoryIds: linked.map((l) => l.categoryIds),
    assigns: false,
    pupils: ids.map((id) => pupils.get(id) ?? null),
  });
  if (!decision.allowed) {
    if (decision.refused === 'pupil') throw new NotFoundError('pupil');
    throw new NotAllowedError('You cannot add incidents in one of these categories.');
  }
  return pupils;
}

export interface LinkedCopy {
  incidentId: string;
  number: number;
  studentId: string;
}

/**
 * A copy of the edited incident (its state after the edit) for each newly
 * linked pupil: its own number, role, first version, categories, monitoring
 * and audit row; alerts for its pupil's staff and matching rules, as the add
 * form's linked copies get.
 */
export async function writeLinkedCopies(
  tx: Tx,
  ctx: UserCtx,
  next: IncidentRow,
  /** The edited incident's new version, which each copy starts from. */
  snapshot: Record<string, unknown>,
  categoryIds: readonly string[],
  linked: readonly LinkedPupilInput[],
  pupils: Map<string, StudentResource>,
  now: Date,
): Promise<{ copies: LinkedCopy[]; recipients: Recipient[] }> {
  if (linked.length === 0) return { copies: [], recipients: [] };
  const numbers = await takeNumbers(tx, ctx.school.id, 'incident', linked.length);
  const copies = linked.map((l, i) => ({ ...l, id: randomUUID(), number: numbers[i]! }));
  await tx.insert(incidents).values(
    copies.map((c) => ({
      schoolId: ctx.school.id,
      id: c.id,
      number: c.number,
      recordId: next.recordId,
      studentId: c.studentId,
      role: c.role,
      text: next.text,
      occurredAt: next.occurredAt,
      status: next.status,
      assigneeId: next.assigneeId,
      agencyIds: next.agencyIds,
      agencies: next.agencies,
      markers: next.markers,
      customFields: next.customFields,
      // The copy is made by whoever linked the pupil.
      authorId: ctx.user.id,
      training: ctx.school.settings.trainingMode,
      createdAt: now,
      updatedAt: now,
    })),
  );
  await startCopies(tx, ctx, copies, { ...snapshot, linkedFromIncidentId: next.id }, categoryIds, now);
  for (const c of copies) await monitorFromIncident(tx, ctx, c, c.categoryIds, next.occurredAt);
  const recipients = await resolveRecipients(
    tx,
    copies.map((c) => {
      const p = pupils.get(c.studentId)!;
      return {
        incidentId: c.id,
        studentId: c.studentId,
        tutorGroup: p.tutorGroup,
        yearGroup: p.yearGroup,
        main: false,
      };
    }),
    { authorId: ctx.user.id, alertUserIds: [], alertGroupIds: [], assigneeId: null, categoryIds },
  );
  for (const c of copies) {
    await recordAudit(tx, ctx, {
      action: 'incident.created',
      entityType: 'incident',
      entityId: c.id,
      studentId: c.studentId,
      details: {
        number: c.number,
        recordId: next.recordId,
        role: c.role,
        categoryIds: [...categoryIds],
        alerted: recipients.filter((r) => r.incidentId === c.id).length,
        linkedOnEditOf: next.number,
        training: ctx.school.settings.trainingMode,
      },
      at: now,
    });
  }
  return { copies: copies.map((c) => ({ incidentId: c.id, number: c.number, studentId: c.studentId })), recipients };
}

/**
 * The people and alert groups chosen on the edit form are alerted about the
 * incident (never the editor), as are the holders of category alert rules for
 * the categories the edit added, together with the linked copies'
 * recipients; one content-free email per person. Returns how many people were
 * alerted.
 */
export async function alertOnEdit(
  tx: Tx,
  ctx: UserCtx,
  row: IncidentRow,
  chosen: { alertUserIds: readonly string[]; alertGroupIds: readonly string[] },
  forCopies: readonly Recipient[],
  categoryIds: readonly string[],
  addedCategoryIds: readonly string[],
  now: Date,
): Promise<number> {
  const active = await activeMemberIds(tx, chosen.alertUserIds);
  for (const id of chosen.alertUserIds) if (!active.has(id)) throw new NotFoundError('user');
  const groupMembers = await alertGroupMemberIds(tx, chosen.alertGroupIds);
  const ruleHolders = await categoryRuleHolders(tx, addedCategoryIds);
  const wanted: Recipient[] = [
    ...chosen.alertUserIds.map((userId) => ({ userId, incidentId: row.id, reason: 'chosen' as const })),
    ...groupMembers.map((userId) => ({ userId, incidentId: row.id, reason: 'alert_group' as const })),
    ...ruleHolders.map((userId) => ({ userId, incidentId: row.id, reason: 'rule' as const })),
  ];
  const live = await activeMemberIds(tx, [...new Set(wanted.map((w) => w.userId))]);
  const seen = new Set<string>();
  const recipients = [...wanted.filter((w) => w.userId !== ctx.user.id && live.has(w.userId)), ...forCopies].filter(
    (w) => {
      const key = `${w.incidentId}:${w.userId}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    },
  );
  if (recipients.length === 0) return 0;
  const names = categoryIds.length
    ? await tx
        .select({ name: categories.name })
        .from(categories)
        .where(inArray(categories.id, [...categoryIds]))
    : [];
  return raiseAlerts(tx, ctx, recipients, now, { kind: 'incident', categoryNames: names.map((n) => n.name) });
}

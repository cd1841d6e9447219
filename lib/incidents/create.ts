/**
 * Adding an incident: one transaction that writes the incident and a copy for
 * each linked pupil, their first versions and categories, monitoring for
 * every category not yet monitored, the alerts and one content-free email per
 * recipient, and the audit rows. Anything refused refuses the whole
 * submission: nothing is half-saved.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { incidentCategories, incidents, incidentVersions, students } from '@/db/schema';
import { accessSubjectOf, decideIncidentSubmission, type StudentResource, type SubmissionDecision } from '@/lib/access';
import { recordAudit } from '@/lib/audit/record';
import { claimSubmission, completeSubmission, submissionOf } from '@/lib/idempotency/submissions';
import { NotAllowedError, NotFoundError, UserError } from '@/lib/errors';
import { assertMarkerMaps } from '@/lib/maps/queries';
import type { Ctx, UserCtx } from '@/lib/tenancy/context';
import { assertAssignable } from './assignees';
import { validateCustomFields } from '@/lib/settings/custom-values';
import { takeNumbers } from './numbers';
import { ASSIGN_REFUSED } from './resource';
import { raiseAlerts, resolveRecipients, type CopyForAlerts } from './recipients';
import { gatherCustomFields, newIncidentInput } from './schema';
import { occurredAtFrom } from './when';
import { chosenAgencyNames } from '@/lib/agencies/read';
import { liveCategories, monitorFromIncident } from './categories';
import { claimAttachments, shareAttachments } from './attachments';
import { withAlso, type AlsoSave } from './also-save';

export interface CreatedIncident {
  incidentId: string;
  number: number;
  studentId: string;
  linked: { incidentId: string; number: number; studentId: string }[];
  alerted: number;
}

const CATEGORIES_REFUSED = 'You cannot add incidents in one of these categories.';

/** The submission's pupils as the permission engine sees them, by id; an id of no pupil of this school is absent. */
export async function pupilsOf(tx: Tx, ids: readonly string[]): Promise<Map<string, StudentResource>> {
  const rows = await tx
    .select({
      id: students.id,
      schoolId: students.schoolId,
      tutorGroup: students.tutorGroup,
      yearGroup: students.yearGroup,
      archivedAt: students.archivedAt,
    })
    .from(students)
    .where(inArray(students.id, [...ids]));
  return new Map(
    rows.map((r) => [
      r.id,
      { schoolId: r.schoolId, tutorGroup: r.tutorGroup, yearGroup: r.yearGroup, archived: r.archivedAt !== null },
    ]),
  );
}

function refusal(decision: Extract<SubmissionDecision, { allowed: false }>): Error {
  switch (decision.refused) {
    case 'categories':
      return new NotAllowedError(CATEGORIES_REFUSED);
    case 'assign':
      return new NotAllowedError(ASSIGN_REFUSED);
    case 'pupil':
      return new NotFoundError('pupil');
  }
}

export async function createIncident(
  ctx: UserCtx,
  input: unknown,
  now = new Date(),
  also?: AlsoSave,
): Promise<CreatedIncident> {
  const data = newIncidentInput.parse(
    input && typeof input === 'object' ? gatherCustomFields(input as Record<string, unknown>) : input,
  );
  const subject = await accessSubjectOf(ctx);
  const occurredAt = occurredAtFrom(ctx.school.timeZone, data.occurredAt, now);
  const settings = ctx.school.settings;

  if (data.linked.some((l) => l.studentId === data.studentId)) {
    throw new UserError('Please correct the highlighted fields.', {
      linked: ['The pupil this is about is already chosen: link other pupils only.'],
    });
  }
  if (new Set(data.linked.map((l) => l.studentId)).size !== data.linked.length) {
    throw new UserError('Please correct the highlighted fields.', { linked: ['Each pupil can be linked once.'] });
  }
  if (settings.enforceAlert && data.alertUserIds.length === 0 && data.alertGroupIds.length === 0) {
    throw new UserError('Please correct the highlighted fields.', {
      alerts: ['Alert at least one person or alert group: your school asks for one on every incident.'],
    });
  }

  return ctx.run(async (tx) => {
    const pupilIds = [data.studentId, ...data.linked.map((l) => l.studentId)];
    const pupils = await pupilsOf(tx, pupilIds);
    // One decision for everything the submission asks: refused, nothing is written.
    const decision = decideIncidentSubmission(subject, {
      schoolId: ctx.school.id,
      categoryIds: data.categoryIds,
      linkedCategoryIds: data.linked.map((l) => l.categoryIds),
      assigns: Boolean(data.assigneeId),
      pupils: pupilIds.map((id) => pupils.get(id) ?? null),
    });
    if (!decision.allowed) throw refusal(decision);
    const customFields = validateCustomFields(settings.incidentForm, data.categoryIds, data.customFields);
    // A retry of a submission already saved returns the first result (lib/idempotency).
    const submission = submissionOf(ctx, 'incident.add', withAlso(data, also));
    const earlier = await claimSubmission<CreatedIncident>(tx, submission, savedBefore, now);
    if (earlier) return earlier;
    const chosenCategories = await liveCategories(tx, data.categoryIds, 'categoryIds');
    // A linked pupil may be monitored under a sub-category alone.
    await liveCategories(tx, [...new Set(data.linked.flatMap((l) => l.categoryIds))], 'linked', false);
    if (data.assigneeId) await assertAssignable(tx, data.assigneeId);
    await assertMarkerMaps(
      tx,
      ctx.school.id,
      data.markers.map((m) => m.mapId),
    );
    const agencyNames = await chosenAgencyNames(tx, ctx.school.id, data.agencyIds);

    const recordId = randomUUID();
    const numbers = await takeNumbers(tx, ctx.school.id, 'incident', 1 + data.linked.length);
    const markers = data.markers.map((m, i) => ({ ...m, number: i + 1 }));
    const copies = [
      {
        id: randomUUID(),
        number: numbers[0]!,
        studentId: data.studentId,
        role: 'subject' as const,
        monitorIds: data.categoryIds,
      },
      ...data.linked.map((l, i) => ({
        id: randomUUID(),
        number: numbers[i + 1]!,
        studentId: l.studentId,
        role: l.role,
        monitorIds: l.categoryIds,
      })),
    ];
    const shared = {
      schoolId: ctx.school.id,
      recordId,
      text: data.text,
      occurredAt,
      status: data.status,
      assigneeId: data.assigneeId ?? null,
      agencyIds: data.agencyIds,
      agencies: data.agencies,
      markers,
      customFields,
      authorId: ctx.user.id,
      training: settings.trainingMode,
      createdAt: now,
      updatedAt: now,
    };
    await tx
      .insert(incidents)
      .values(copies.map((c) => ({ ...shared, id: c.id, number: c.number, studentId: c.studentId, role: c.role })));
    // The files uploaded from the form become the incident's, in this transaction: refused, nothing is saved.
    const files = await claimAttachments(tx, ctx, data.attachmentIds, {
      incidentId: copies[0]!.id,
      studentId: data.studentId,
    });
    const shares = data.shareDocuments
      ? await shareAttachments(
          tx,
          ctx,
          files,
          copies.slice(1).map((c) => ({ incidentId: c.id, studentId: c.studentId })),
        )
      : new Map<string, string[]>();
    const attachedTo = new Map([[copies[0]!.id, files.map((f) => f.id)], ...shares]);
    await startCopies(
      tx,
      ctx,
      copies,
      {
        text: data.text,
        occurredAt: occurredAt.toISOString(),
        status: data.status,
        categoryIds: data.categoryIds,
        // The names as saved, so the history reads as it was; the ids follow a rename.
        agencies: [...agencyNames, ...data.agencies],
        agencyIds: data.agencyIds,
        markers,
        customFields,
        assigneeId: data.assigneeId ?? null,
      },
      data.categoryIds,
      now,
      (id) => ({ documentIds: attachedTo.get(id) ?? [] }),
    );

    for (const c of copies) await monitorFromIncident(tx, ctx, c, c.monitorIds, occurredAt);

    const alertCopies: CopyForAlerts[] = copies.map((c, i) => {
      const p = pupils.get(c.studentId)!;
      return {
        incidentId: c.id,
        studentId: c.studentId,
        tutorGroup: p.tutorGroup,
        yearGroup: p.yearGroup,
        main: i === 0,
      };
    });
    const recipients = await resolveRecipients(tx, alertCopies, {
      authorId: ctx.user.id,
      alertUserIds: data.alertUserIds,
      alertGroupIds: data.alertGroupIds,
      assigneeId: data.assigneeId ?? null,
      categoryIds: data.categoryIds,
    });
    await raiseAlerts(tx, ctx, recipients, now, {
      kind: 'incident',
      categoryNames: data.categoryIds.map((id) => chosenCategories.get(id)!.name),
    });

    for (const c of copies) {
      await recordAudit(tx, ctx, {
        action: 'incident.created',
        entityType: 'incident',
        entityId: c.id,
        studentId: c.studentId,
        details: {
          number: c.number,
          recordId,
          role: c.role,
          categoryIds: data.categoryIds,
          alerted: recipients.filter((r) => r.incidentId === c.id).length,
          training: settings.trainingMode,
          documentIds: attachedTo.get(c.id) ?? [],
        },
        at: now,
      });
    }
    await also?.run(tx, {
      incidentId: copies[0]!.id,
      actionId: null,
      number: copies[0]!.number,
      studentIds: copies.map((c) => c.studentId),
    });
    return completeSubmission(tx, submission, {
      incidentId: copies[0]!.id,
      number: copies[0]!.number,
      studentId: data.studentId,
      linked: copies.slice(1).map((c) => ({ incidentId: c.id, number: c.number, studentId: c.studentId })),
      alerted: new Set(recipients.map((r) => r.userId)).size,
    });
  });
}

/** The same form sent again after it was changed: the first version stands, and the person is told. */
const savedBefore = (first: CreatedIncident) =>
  `Incident #${first.number} was already saved from this form, before these changes: they have not been saved. Add them to incident #${first.number} as an action, or start again for a new incident.`;

/**
 * The first version and the categories of new copies of one incident (the
 * add form's, or pupils linked by an edit): each starts from the same
 * snapshot of what was saved.
 */
export async function startCopies(
  tx: Tx,
  ctx: Ctx,
  copies: readonly { id: string }[],
  snapshot: Record<string, unknown>,
  categoryIds: readonly string[],
  now: Date,
  /** What differs between copies' first versions (their attachments). */
  ownPart: (incidentId: string) => Record<string, unknown> = () => ({ documentIds: [] }),
): Promise<void> {
  await tx.insert(incidentVersions).values(
    copies.map((c) => ({
      schoolId: ctx.school.id,
      incidentId: c.id,
      version: 1,
      snapshot: { ...snapshot, ...ownPart(c.id) },
      savedBy: ctx.user?.id ?? null,
      savedAt: now,
    })),
  );
  await tx
    .insert(incidentCategories)
    .values(
      copies.flatMap((c) =>
        categoryIds.map((categoryId) => ({ schoolId: ctx.school.id, incidentId: c.id, categoryId })),
      ),
    );
}

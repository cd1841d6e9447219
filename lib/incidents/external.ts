/**
 * An incident written by an inbound integration (lib/integrations): no person
 * is its author (`author_id` null, `external_author` the product's name), it
 * goes into the one category the integration was set up with, and it alerts
 * the integration's chosen staff and alert groups and everyone the school's
 * rules and the pupil's alert staff name, exactly as the add-incident form
 * does (./recipients.ts). Runs inside the caller's school transaction; the
 * caller has decided the integration may write (its token) and found the pupil.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { alertGroups, incidents } from '@/db/schema';
import { withStudent } from '@/lib/audit/record';
import { writeAudit } from '@/lib/audit/write';
import type { Ctx } from '@/lib/tenancy/context';
import { liveCategories, monitorFromIncident } from './categories';
import { startCopies } from './create';
import { takeNumbers } from './numbers';
import { activeMemberIds, raiseAlertsFrom, resolveRecipients } from './recipients';

export interface ExternalIncidentInput {
  /** "<product> (integration)": shown as the author and in the alert email. */
  authorName: string;
  /** Written to the audit row as who acted ("integration:<id>"). */
  actorLabel: string;
  student: { id: string; tutorGroup: string | null; yearGroup: string | null };
  categoryId: string;
  text: string;
  occurredAt: Date;
  alertUserIds: readonly string[];
  alertGroupIds: readonly string[];
}

export interface ExternalIncident {
  incidentId: string;
  number: number;
  alerted: number;
}

export async function createExternalIncident(
  tx: Tx,
  ctx: Ctx,
  input: ExternalIncidentInput,
  now: Date,
): Promise<ExternalIncident> {
  const chosen = await liveCategories(tx, [input.categoryId], 'categoryId', false);
  const category = chosen.get(input.categoryId)!;
  // Someone who has left, or a group archived since the integration was set up, is skipped, not refused:
  // the product cannot fix the school's setup, and the concern must not be lost.
  const users = await activeMemberIds(tx, input.alertUserIds);
  const groups =
    input.alertGroupIds.length === 0
      ? []
      : await tx
          .select({ id: alertGroups.id })
          .from(alertGroups)
          .where(and(inArray(alertGroups.id, [...input.alertGroupIds]), isNull(alertGroups.archivedAt)));

  const id = randomUUID();
  const [number] = await takeNumbers(tx, ctx.school.id, 'incident', 1);
  const training = ctx.school.settings.trainingMode;
  await tx.insert(incidents).values({
    schoolId: ctx.school.id,
    id,
    number: number!,
    recordId: randomUUID(),
    studentId: input.student.id,
    role: 'subject',
    text: input.text,
    occurredAt: input.occurredAt,
    status: 'active',
    authorId: null,
    externalAuthor: input.authorName,
    training,
    createdAt: now,
    updatedAt: now,
  });
  await startCopies(
    tx,
    ctx,
    [{ id }],
    {
      text: input.text,
      occurredAt: input.occurredAt.toISOString(),
      status: 'active',
      categoryIds: [input.categoryId],
      agencies: [],
      agencyIds: [],
      markers: [],
      customFields: {},
      assigneeId: null,
    },
    [input.categoryId],
    now,
  );
  await monitorFromIncident(tx, ctx, { id, studentId: input.student.id }, [input.categoryId], input.occurredAt);

  const recipients = await resolveRecipients(
    tx,
    [
      {
        incidentId: id,
        studentId: input.student.id,
        tutorGroup: input.student.tutorGroup,
        yearGroup: input.student.yearGroup,
        main: true,
      },
    ],
    {
      authorId: null,
      alertUserIds: input.alertUserIds.filter((u) => users.has(u)),
      alertGroupIds: groups.map((g) => g.id),
      assigneeId: null,
      categoryIds: [input.categoryId],
    },
  );
  const alerted = await raiseAlertsFrom(tx, ctx, { userId: null, name: input.authorName }, recipients, now, {
    kind: 'incident',
    categoryNames: [category.name],
  });
  await writeAudit(tx, {
    schoolId: ctx.school.id,
    at: now,
    actorUserId: null,
    actorLabel: input.actorLabel,
    meta: ctx.meta,
    action: 'incident.created',
    entityType: 'incident',
    entityId: id,
    details: withStudent(
      { number, recordId: null, role: 'subject', categoryIds: [input.categoryId], alerted, training, documentIds: [] },
      input.student.id,
    ),
  });
  return { incidentId: id, number: number!, alerted };
}

/**
 * Restoring the attachments of an earlier version of an incident: an edit
 * like any other (decided as one, refused when stale, a new version, audited),
 * which brings back files removed since and removes files added since, so a
 * removal is never final while a version lists the file.
 */
import 'server-only';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { incidents, incidentVersions } from '@/db/schema';
import { accessSubjectOf } from '@/lib/access';
import { NotFoundError } from '@/lib/errors';
import type { UserCtx } from '@/lib/tenancy/context';
import { incidentAttachmentIds, setAttachments } from './attachments';
import { recordIncidentEvent } from './audit';
import { EditConflictError } from './manage';
import { incidentFor } from './resource';

export const restoreAttachmentsInput = z.strictObject({
  incidentId: z.uuid('That incident could not be found.'),
  /** The version whose attachments to bring back. */
  fromVersion: z.coerce.number().int().min(1),
  /** The version the person was looking at: a stale restore is refused like a stale edit. */
  version: z.coerce.number().int().min(1),
});

export async function restoreVersionAttachments(
  ctx: UserCtx,
  input: unknown,
  now = new Date(),
): Promise<{ version: number }> {
  const data = restoreAttachmentsInput.parse(input);
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    const { row } = await incidentFor(tx, subject, data.incidentId, 'incident.edit');
    if (row.version !== data.version) throw new EditConflictError();
    const snapshotOf = async (version: number) =>
      (
        await tx
          .select({ snapshot: incidentVersions.snapshot })
          .from(incidentVersions)
          .where(and(eq(incidentVersions.incidentId, row.id), eq(incidentVersions.version, version)))
          .limit(1)
      )[0]?.snapshot;
    const from = await snapshotOf(data.fromVersion);
    const latest = await snapshotOf(row.version);
    if (!from || !latest) throw new NotFoundError('version');
    const wanted = (from.documentIds as string[] | undefined) ?? [];
    const changed = await setAttachments(
      tx,
      ctx,
      row.id,
      wanted,
      `Removed from incident #${row.number} by restoring version ${data.fromVersion}’s files`,
      now,
    );
    const updated = await tx
      .update(incidents)
      .set({ version: row.version + 1, updatedAt: now })
      .where(and(eq(incidents.id, row.id), eq(incidents.version, row.version)))
      .returning({ version: incidents.version });
    if (!updated[0]) throw new EditConflictError();
    const documentIds = await incidentAttachmentIds(tx, row.id);
    await tx.insert(incidentVersions).values({
      schoolId: ctx.school.id,
      incidentId: row.id,
      version: updated[0].version,
      snapshot: { ...latest, documentIds },
      savedBy: ctx.user.id,
      savedAt: now,
    });
    await recordIncidentEvent(
      tx,
      ctx,
      'incident.edited',
      row,
      {
        version: updated[0].version,
        changed: ['attachments'],
        attachmentsRestoredFrom: data.fromVersion,
        attachmentsAdded: changed.restored,
        attachmentsRemoved: changed.removed,
      },
      now,
    );
    return { version: updated[0].version };
  });
}

/**
 * A person's alerts to documents in pupils' vaults (lib/vault/alerts.ts
 * raises them): listed on the dashboard, marked read there. Such an alert
 * opens nothing, so the pupil is named only while the person may read the
 * document now (with their key in use): the pupil's documents for a direct
 * upload, the incident for a record's file. Otherwise the alert says a
 * document was shared and asks them to use their key. A direct upload's
 * alert leads to the pupil's vault; a record's file's to its incident (the
 * one it was merged into, if it was).
 */
import 'server-only';
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { documentAlerts, documents, incidents, students, users } from '@/db/schema';
import { accessSubjectOf, can, documentReadableCondition } from '@/lib/access';
import { recordAudit } from '@/lib/audit/record';
import { NotFoundError } from '@/lib/errors';
import { DOCUMENT_COLUMNS } from '@/lib/incidents/files';
import { incidentVisibleById, transferVisibleFor } from '@/lib/incidents/visibility';
import { studentResource } from '@/lib/students/access';
import { pupilNameColumns } from '@/lib/students/name-columns';
import { formatPupilName, type NameStyle } from '@/lib/students/names';
import type { UserCtx } from '@/lib/tenancy/context';

export interface DocumentAlertItem {
  id: string;
  studentId: string;
  /** The incident a record's file belongs to (where the alert leads); null for a direct upload (the vault). */
  incidentId: string | null;
  /** Null while the person may not read the document (e.g. before using their key). */
  studentName: string | null;
  raisedBy: string | null;
  at: Date;
}

const raiser = alias(users, 'raiser');
const recordOf = alias(incidents, 'alerted_record');

export async function listMyDocumentAlerts(ctx: UserCtx, style: NameStyle): Promise<DocumentAlertItem[]> {
  const subject = await accessSubjectOf(ctx);
  const rows = await ctx.run((tx) =>
    tx
      .select({
        id: documentAlerts.id,
        at: documentAlerts.createdAt,
        raisedBy: raiser.displayName,
        studentId: students.id,
        schoolId: students.schoolId,
        tutorGroup: students.tutorGroup,
        yearGroup: students.yearGroup,
        archivedAt: students.archivedAt,
        pupil: pupilNameColumns,
        documentId: documents.id,
        source: documents.source,
        incidentId: documents.incidentId,
        mergedIntoId: recordOf.mergedIntoId,
      })
      .from(documentAlerts)
      .innerJoin(documents, eq(documents.id, documentAlerts.documentId))
      .innerJoin(students, eq(students.id, documents.studentId))
      .leftJoin(raiser, eq(raiser.id, documentAlerts.raisedBy))
      .leftJoin(recordOf, and(eq(recordOf.schoolId, documents.schoolId), eq(recordOf.id, documents.incidentId)))
      // A deleted document takes its alerts off the dashboard (they come back if it is restored).
      .where(
        and(
          eq(documentAlerts.schoolId, ctx.school.id),
          eq(documentAlerts.userId, ctx.user.id),
          isNull(documentAlerts.readAt),
          isNull(documents.deletedAt),
        ),
      )
      .orderBy(desc(documentAlerts.createdAt))
      .limit(200),
  );
  // A record's file is readable exactly when its record is: the rule the vault lists it by (lib/access).
  const recordFiles = [...new Set(rows.filter((r) => r.source !== 'vault').map((r) => r.documentId))];
  const readable =
    recordFiles.length === 0
      ? new Set<string>()
      : new Set(
          (
            await ctx.run((tx) =>
              tx
                .select({ id: documents.id })
                .from(documents)
                .where(
                  and(
                    eq(documents.schoolId, ctx.school.id),
                    inArray(documents.id, recordFiles),
                    documentReadableCondition(DOCUMENT_COLUMNS, incidentVisibleById(subject, documents.incidentId), {
                      transferVisible: transferVisibleFor(subject, documents.transferId),
                      deletedVaultFiles: false,
                    }),
                  ),
                ),
            )
          ).map((d) => d.id),
        );
  return rows.map((r) => {
    const mayRead =
      r.source === 'vault' ? can(subject, 'student.documents', studentResource(r)) : readable.has(r.documentId);
    return {
      id: r.id,
      studentId: r.studentId,
      incidentId: r.source === 'vault' ? null : (r.mergedIntoId ?? r.incidentId),
      studentName: mayRead ? formatPupilName(r.pupil, style) : null,
      raisedBy: r.raisedBy,
      at: r.at,
    };
  });
}

export const markDocumentAlertReadInput = z.strictObject({ documentAlertId: z.string() });

/** Only one's own alert; another person's or school's is "not found". */
export async function markDocumentAlertRead(ctx: UserCtx, input: unknown, now = new Date()): Promise<void> {
  const parsed = z.strictObject({ documentAlertId: z.uuid() }).safeParse(input);
  if (!parsed.success) throw new NotFoundError('alert');
  await ctx.run(async (tx) => {
    const [row] = await tx
      .update(documentAlerts)
      .set({ readAt: now })
      .where(
        and(
          eq(documentAlerts.schoolId, ctx.school.id),
          eq(documentAlerts.id, parsed.data.documentAlertId),
          eq(documentAlerts.userId, ctx.user.id),
          isNull(documentAlerts.readAt),
        ),
      )
      .returning({ documentId: documentAlerts.documentId });
    if (!row) throw new NotFoundError('alert');
    const [doc] = await tx
      .select({ studentId: documents.studentId })
      .from(documents)
      .where(and(eq(documents.schoolId, ctx.school.id), eq(documents.id, row.documentId)));
    // Alerts are raised only on documents in a pupil's vault (uploads and records' files), which always name the pupil.
    if (!doc?.studentId) throw new NotFoundError('alert');
    await recordAudit(tx, ctx, {
      action: 'document.alert_read',
      entityType: 'student',
      entityId: doc.studentId,
      studentId: doc.studentId,
      details: { documentAlertId: parsed.data.documentAlertId, documentId: row.documentId },
      at: now,
    });
  });
}

/**
 * A person's alerts to documents in pupils' vaults (lib/vault/alerts.ts
 * raises them): listed on the dashboard, marked read there. Such an alert
 * opens nothing, so the pupil is named only while the person may see that
 * pupil's documents now (with their key in use); otherwise the alert says a
 * document was shared and asks them to use their key.
 */
import 'server-only';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { documentAlerts, documents, students, users } from '@/db/schema';
import { accessSubjectOf, can } from '@/lib/access';
import { recordAudit } from '@/lib/audit/record';
import { NotFoundError } from '@/lib/errors';
import { studentResource } from '@/lib/students/access';
import { pupilNameColumns } from '@/lib/students/name-columns';
import { formatPupilName, type NameStyle } from '@/lib/students/names';
import type { UserCtx } from '@/lib/tenancy/context';

export interface DocumentAlertItem {
  id: string;
  studentId: string;
  /** Null while the person may not see this pupil's documents (e.g. before using their key). */
  studentName: string | null;
  raisedBy: string | null;
  at: Date;
}

const raiser = alias(users, 'raiser');

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
      })
      .from(documentAlerts)
      .innerJoin(documents, eq(documents.id, documentAlerts.documentId))
      .innerJoin(students, eq(students.id, documents.studentId))
      .leftJoin(raiser, eq(raiser.id, documentAlerts.raisedBy))
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
  return rows.map((r) => ({
    id: r.id,
    studentId: r.studentId,
    studentName: can(subject, 'student.documents', studentResource(r)) ? formatPupilName(r.pupil, style) : null,
    raisedBy: r.raisedBy,
    at: r.at,
  }));
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
    // Alerts are raised only on a pupil's vault documents, which always name the pupil.
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

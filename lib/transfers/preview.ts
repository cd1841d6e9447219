/**
 * The authorise page's view of a transfer: the pupil (only on the sending
 * side, for its administrators with the key), the receiving school, and what
 * authorising would send under the school's preferences: incidents counted
 * per category, and the documents (the pupil's vault and those on the sent
 * incidents) by name and size. A small counts query of its own, in the
 * school's row-level security; copy.ts's transferPreview replaces it when the
 * copy is joined. Live incidents only (not deleted, not training).
 */
import 'server-only';
import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { categories, documents, incidentCategories, incidents, schools, students, transfers } from '@/db/schema';
import { NotFoundError } from '@/lib/errors';
import { formatPupilName, type NameStyle } from '@/lib/students/names';
import { pupilNameColumns } from '@/lib/students/name-columns';
import type { UserCtx } from '@/lib/tenancy/context';
import { requireTransferAdmin } from './service';

export interface TransferAuthoriseView {
  id: string;
  status: string;
  pupilId: string;
  pupilName: string;
  toSchoolName: string;
  dueOn: string;
  categories: { id: string; name: string; incidents: number }[];
  documents: { id: string; name: string; bytes: number }[];
}

export async function getTransferToAuthorise(
  ctx: UserCtx,
  transferId: string,
  style: NameStyle,
): Promise<TransferAuthoriseView> {
  requireTransferAdmin(ctx);
  const sent = ctx.school.settings.transferCategoryIds;
  return ctx.run(async (tx) => {
    const [t] = await tx
      .select({
        id: transfers.id,
        status: transfers.status,
        pupilId: students.id,
        names: pupilNameColumns,
        toSchoolName: schools.name,
        dueOn: transfers.dueOn,
      })
      .from(transfers)
      .innerJoin(students, and(eq(students.schoolId, ctx.school.id), eq(students.id, transfers.fromStudentId)))
      .innerJoin(schools, eq(schools.id, transfers.toSchoolId))
      .where(and(eq(transfers.id, transferId), eq(transfers.fromSchoolId, ctx.school.id)));
    if (!t) throw new NotFoundError('That transfer was not found.');
    const live = and(
      eq(incidents.schoolId, ctx.school.id),
      eq(incidents.studentId, t.pupilId),
      isNull(incidents.deletedAt),
      eq(incidents.training, false),
    );
    const perCategory =
      sent.length === 0
        ? []
        : await tx
            .select({
              id: categories.id,
              name: categories.name,
              incidents: sql<number>`count(distinct ${incidents.id})::int`,
            })
            .from(categories)
            .leftJoin(
              incidentCategories,
              and(
                eq(incidentCategories.schoolId, categories.schoolId),
                eq(incidentCategories.categoryId, categories.id),
              ),
            )
            .leftJoin(incidents, and(eq(incidents.id, incidentCategories.incidentId), live))
            .where(and(eq(categories.schoolId, ctx.school.id), inArray(categories.id, sent)))
            .groupBy(categories.id, categories.name, categories.sortOrder)
            .orderBy(asc(categories.sortOrder), asc(categories.name));
    const sentIncidents =
      sent.length === 0
        ? sql`false`
        : sql`${documents.incidentId} in (select ic.incident_id from ${incidentCategories} ic join ${incidents} i
            on i.school_id = ic.school_id and i.id = ic.incident_id
            where ic.school_id = ${ctx.school.id} and i.student_id = ${t.pupilId} and i.deleted_at is null
              and not i.training and ic.category_id in (${sql.join(
                sent.map((id) => sql`${id}::uuid`),
                sql`, `,
              )}))`;
    const docs = await tx
      .select({ id: documents.id, name: documents.originalName, bytes: documents.byteSize })
      .from(documents)
      .where(
        and(
          eq(documents.schoolId, ctx.school.id),
          eq(documents.studentId, t.pupilId),
          isNull(documents.deletedAt),
          or(eq(documents.source, 'vault'), sentIncidents),
        ),
      )
      .orderBy(asc(documents.originalName));
    const { names, ...rest } = t;
    return { ...rest, pupilName: formatPupilName(names, style), categories: perCategory, documents: docs };
  });
}

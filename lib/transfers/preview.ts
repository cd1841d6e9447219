/**
 * The authorise page's view of a transfer: the pupil (only on the sending
 * side, for its administrators with the key), the receiving school, and what
 * authorising would send under the school's preferences (copy.ts's
 * transferPreview, the same reads the copy makes): incidents counted per
 * category, and the documents (the pupil's vault and those on the sent
 * incidents) by name and size.
 */
import 'server-only';
import { and, eq } from 'drizzle-orm';
import { schools, students, transfers } from '@/db/schema';
import { NotFoundError } from '@/lib/errors';
import { formatPupilName, type NameStyle } from '@/lib/students/names';
import { pupilNameColumns } from '@/lib/students/name-columns';
import type { UserCtx } from '@/lib/tenancy/context';
import { transferPreview } from './copy';
import { requireTransferAdmin } from './admin';

export interface TransferAuthoriseView {
  id: string;
  status: string;
  pupilId: string;
  pupilName: string;
  toSchoolName: string;
  dueOn: string;
  /** Once sent: when, and what went. */
  transferredAt: Date | null;
  incidentCount: number;
  documentCount: number;
  categories: { id: string; name: string; incidents: number }[];
  /** Incidents sent (one in two chosen categories counts once here). */
  incidents: number;
  documents: { id: string; name: string; bytes: number }[];
}

export async function getTransferToAuthorise(
  ctx: UserCtx,
  transferId: string,
  style: NameStyle,
): Promise<TransferAuthoriseView> {
  requireTransferAdmin(ctx);
  const sent = ctx.school.settings.transferCategoryIds;
  const t = await ctx.run(async (tx) => {
    const [row] = await tx
      .select({
        id: transfers.id,
        status: transfers.status,
        pupilId: students.id,
        names: pupilNameColumns,
        toSchoolName: schools.name,
        dueOn: transfers.dueOn,
        transferredAt: transfers.transferredAt,
        incidentCount: transfers.incidentCount,
        documentCount: transfers.documentCount,
      })
      .from(transfers)
      .innerJoin(students, and(eq(students.schoolId, ctx.school.id), eq(students.id, transfers.fromStudentId)))
      .innerJoin(schools, eq(schools.id, transfers.toSchoolId))
      .where(and(eq(transfers.id, transferId), eq(transfers.fromSchoolId, ctx.school.id)));
    return row;
  });
  if (!t) throw new NotFoundError('That transfer was not found.');
  const preview = await transferPreview({ fromSchoolId: ctx.school.id, fromStudentId: t.pupilId, categoryIds: sent });
  const { names, ...rest } = t;
  return {
    ...rest,
    pupilName: formatPupilName(names, style),
    categories: preview.categories,
    incidents: preview.incidents,
    documents: preview.documents.map((d) => ({ id: d.id, name: d.name, bytes: d.size })),
  };
}

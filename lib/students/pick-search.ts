/**
 * The add-incident form's pupil search: pupils this user may pick (the
 * permission engine's 'student.pick' condition: key holders within their
 * reach, or anyone who may add incidents when the school allows the search),
 * matched on every typed word against the folded names.
 */
import 'server-only';
import { and, asc, sql } from 'drizzle-orm';
import { students } from '@/db/schema';
import { accessSubjectOf, studentVisibilityCondition } from '@/lib/access';
import type { UserCtx } from '@/lib/tenancy/context';
import { formatPupilName, type NameStyle } from './names';
import { searchTerms } from './search-key';

export interface PickablePupil {
  id: string;
  name: string;
  group: string | null;
}

export async function searchPickablePupils(ctx: UserCtx, query: string, style: NameStyle, limit = 10): Promise<PickablePupil[]> {
  const terms = searchTerms(query);
  if (terms.length === 0) return [];
  const subject = await accessSubjectOf(ctx);
  const visible = studentVisibilityCondition(
    subject,
    { schoolId: students.schoolId, tutorGroup: students.tutorGroup, yearGroup: students.yearGroup, archived: sql`${students.archivedAt} is not null` },
    'student.pick',
  );
  // Each word matches part of a name; LIKE metacharacters in what was typed are already folded away.
  const matches = terms.map((t) => sql`${students.searchKey} like ${`%${t}%`}`);
  const rows = await ctx.run((tx) =>
    tx
      .select()
      .from(students)
      .where(and(visible, ...matches))
      .orderBy(asc(sql`lower(${students.preferredSurname})`), asc(sql`lower(${students.preferredForename})`), asc(students.id))
      .limit(limit),
  );
  return rows.map((r) => ({ id: r.id, name: formatPupilName(r, style), group: r.tutorGroup ?? r.yearGroup }));
}

/**
 * Quick Student Search: every typed word must be part of one of the pupil's
 * names (legal or preferred, forename or surname) or of their Haven keywords,
 * folded the same way on both sides (lib/students/search-key.ts), so "zoe ob"
 * finds Zoë O'Brien. Pupils whose names start with each typed word come first,
 * then alphabetical by surname. The permission engine's conditions are part of
 * the query: a pupil out of reach is never read.
 */
import 'server-only';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { studentProfiles, students } from '@/db/schema';
import { accessSubjectOf } from '@/lib/access';
import type { UserCtx } from '@/lib/tenancy/context';
import { FOUND_COLUMNS, foundPage, nameOrder, type FoundStudent } from './found';
import { searchTerms } from './search-key';
import { archivedFilter, likeEscape, visibleStudents } from './visible';

export const SEARCH_LIMIT = 25;

export interface SearchOptions {
  includeArchived?: boolean;
  limit?: number;
  /** 'student.list' for finding pupils; 'student.pick' for the add-incident form's pupil search. */
  action?: 'student.list' | 'student.pick';
}

export interface SearchResult {
  /** The folded words searched for; empty when nothing searchable was typed. */
  terms: string[];
  items: FoundStudent[];
  /** More pupils matched than were returned: type more to narrow it. */
  truncated: boolean;
}

export async function searchStudents(ctx: UserCtx, query: string, opts: SearchOptions = {}): Promise<SearchResult> {
  const terms = searchTerms(query);
  if (terms.length === 0) return { terms, items: [], truncated: false };
  const limit = Math.min(Math.max(1, opts.limit ?? SEARCH_LIMIT), 100);
  const subject = await accessSubjectOf(ctx);
  const keywords = sql`coalesce(${studentProfiles.keywordKey}, '')`;
  const matches: SQL[] = terms.map((t) => {
    const pattern = `%${likeEscape(t)}%`;
    return sql`(${students.searchKey} like ${pattern} or ${keywords} like ${pattern})`;
  });
  // Every word starts one of the names: "ob" ranks O'Brien above Jacob.
  const atNameStart = and(...terms.map((t) => sql`(' ' || ${students.searchKey}) like ${`% ${likeEscape(t)}%`}`));
  return ctx.run(async (tx) => {
    const rows = await tx
      .select(FOUND_COLUMNS)
      .from(students)
      .leftJoin(
        studentProfiles,
        and(eq(studentProfiles.schoolId, students.schoolId), eq(studentProfiles.studentId, students.id)),
      )
      .where(
        and(
          visibleStudents(subject, opts.action ?? 'student.list'),
          archivedFilter(opts.includeArchived ?? false),
          ...matches,
        ),
      )
      .orderBy(sql`case when ${atNameStart} then 0 else 1 end`, ...nameOrder(ctx.school.settings.nameSource))
      .limit(limit + 1);
    return { terms, ...(await foundPage(tx, subject, rows, limit)) };
  });
}

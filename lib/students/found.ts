/**
 * A pupil as search and the lists return them: names as stored (the page
 * formats them with the request's name style), groups, archive state, and the
 * categories they are monitored for that the viewer may see.
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { students } from '@/db/schema';
import type { AccessSubject } from '@/lib/access';
import type { PupilNames } from './names';
import { loadLozenges, type Lozenge } from './lozenges';
import { pupilNameColumns } from './name-columns';

export interface FoundStudent extends PupilNames {
  id: string;
  yearGroup: string | null;
  tutorGroup: string | null;
  archived: boolean;
  categories: Lozenge[];
}

/** The columns every finding query selects (never the whole row). */
export const FOUND_COLUMNS = {
  id: students.id,
  ...pupilNameColumns,
  yearGroup: students.yearGroup,
  tutorGroup: students.tutorGroup,
  archived: sql<boolean>`${students.archivedAt} is not null`,
};

/**
 * Registers are read by surname: the names the school shows (legal or
 * preferred), folded so "Ó Súilleabháin" sorts with the O's.
 */
export function nameOrder(source: 'legal' | 'preferred') {
  const surname = source === 'legal' ? students.legalSurname : students.preferredSurname;
  const forename = source === 'legal' ? students.legalForename : students.preferredForename;
  return [sql`lower(unaccent(${surname}))`, sql`lower(unaccent(${forename}))`, students.id];
}

/**
 * A page of found pupils: the first `limit` rows (the query asks for one more,
 * to know whether there were more) with the lozenges the viewer may see, read
 * for the whole page at once.
 */
export async function foundPage(
  tx: Tx,
  subject: AccessSubject,
  rows: readonly Omit<FoundStudent, 'categories'>[],
  limit: number,
): Promise<{ items: FoundStudent[]; truncated: boolean }> {
  const page = rows.slice(0, limit);
  const lozenges = await loadLozenges(
    tx,
    subject,
    page.map((r) => r.id),
  );
  return {
    items: page.map((r) => ({ ...r, archived: Boolean(r.archived), categories: lozenges.get(r.id) ?? [] })),
    truncated: rows.length > limit,
  };
}

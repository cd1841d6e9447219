/**
 * A pupil as search and the lists return them: names as stored (the page
 * formats them with the request's name style), groups, archive state, and the
 * categories they are monitored for that the viewer may see.
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import { students } from '@/db/schema';
import type { PupilNames } from './names';
import type { Lozenge } from './lozenges';
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

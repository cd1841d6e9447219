/** Reading a school's agencies for the record forms and the records themselves. */
import 'server-only';
import { and, asc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Tx } from '@/db/scoped';
import { agencies } from '@/db/schema';
import { UserError } from '@/lib/errors';

export interface AgencyOption {
  id: string;
  name: string;
}

export const CHOOSE_FROM_LIST = 'Choose agencies from the list.';

/**
 * What the pickers offer: the school's enabled agencies, by name, and any
 * disabled ones the record already names (`kept`), so saving it keeps them.
 */
export async function enabledAgencies(tx: Tx, schoolId: string, kept: readonly string[] = []): Promise<AgencyOption[]> {
  return tx
    .select({ id: agencies.id, name: agencies.name })
    .from(agencies)
    .where(
      and(
        eq(agencies.schoolId, schoolId),
        kept.length > 0
          ? or(isNull(agencies.archivedAt), inArray(agencies.id, [...kept]))
          : isNull(agencies.archivedAt),
      ),
    )
    .orderBy(asc(sql`lower(${agencies.name})`));
}

/**
 * The names of the agencies a form chose, in the list's order, after checking
 * that each is this school's and enabled. One the record already names may
 * stay even if it has been disabled since (`kept`): a disabled agency is not
 * offered again, but saving a record does not drop it.
 */
export async function chosenAgencyNames(
  tx: Tx,
  schoolId: string,
  ids: readonly string[],
  kept: readonly string[] = [],
  field = 'agencyIds',
): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .select({ id: agencies.id, name: agencies.name, archivedAt: agencies.archivedAt })
    .from(agencies)
    .where(and(eq(agencies.schoolId, schoolId), inArray(agencies.id, [...ids])))
    .orderBy(asc(sql`lower(${agencies.name})`));
  const usable = rows.filter((r) => r.archivedAt === null || kept.includes(r.id));
  if (usable.length !== new Set(ids).size) {
    throw new UserError('Please correct the highlighted fields.', { [field]: [CHOOSE_FROM_LIST] });
  }
  return usable.map((r) => r.name);
}

/**
 * What a record shows under "Agencies": the current names of the listed
 * agencies it refers to (a rename shows at once; a disabled one still shows),
 * then its free text. A JSON array, for a select beside the record's columns.
 */
export function agenciesShown(schoolId: AnyPgColumn, ids: AnyPgColumn, freeText: AnyPgColumn): SQL<string[]> {
  return sql<string[]>`(coalesce((select jsonb_agg(a.name order by lower(a.name)) from ${agencies} a
      where a.school_id = ${schoolId} and a.id::text in (select jsonb_array_elements_text(${ids}))), '[]'::jsonb)
    || ${freeText})`;
}

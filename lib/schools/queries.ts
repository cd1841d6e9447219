/**
 * Reads of the schools table. School names and slugs are public (the root
 * domain's finder lists them), so these run as the app role with no school set.
 */
import 'server-only';
import { asc, eq, ilike, or, sql } from 'drizzle-orm';
import { inNoSchool } from '@/db/scoped';
import { schools } from '@/db/schema';
import { readSchoolSettings } from '@/lib/settings/school-settings';
import type { School } from '@/lib/tenancy/context';
import type { SchoolListing } from './types';

const schoolColumns = {
  id: schools.id,
  slug: schools.slug,
  name: schools.name,
  trustName: schools.trustName,
  timeZone: schools.timeZone,
  settings: schools.settings,
  disabled: sql<boolean>`${schools.disabledAt} is not null`,
};

/** A row as the app uses it: the stored settings read through their schema (defaults filled in). */
const toSchool = (row: { settings: unknown } & Omit<School, 'settings'>): School => ({
  ...row,
  settings: readSchoolSettings(row.settings),
});

/** Every school, for jobs that visit each in turn (each then works inside its own school's scope). */
export async function listSchools(): Promise<School[]> {
  const rows = await inNoSchool((tx) => tx.select(schoolColumns).from(schools).orderBy(asc(schools.slug)));
  return rows.map(toSchool);
}

export async function findSchoolBySlug(slug: string): Promise<School | null> {
  const rows = await inNoSchool((tx) => tx.select(schoolColumns).from(schools).where(eq(schools.slug, slug)).limit(1));
  return rows[0] ? toSchool(rows[0]) : null;
}

/** Escapes LIKE wildcards so a typed % or _ matches itself. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Schools whose name, trust or slug contains the text (case- and accent-insensitive), at most `limit`. */
export async function searchSchools(text: string, limit = 20): Promise<SchoolListing[]> {
  const q = text.trim().slice(0, 100);
  if (q.length === 0) return [];
  const pattern = `%${likeEscape(q)}%`;
  return inNoSchool((tx) =>
    tx
      .select({ slug: schools.slug, name: schools.name, trustName: schools.trustName })
      .from(schools)
      .where(
        or(
          sql`unaccent(${schools.name}) ilike unaccent(${pattern})`,
          sql`unaccent(coalesce(${schools.trustName}, '')) ilike unaccent(${pattern})`,
          ilike(schools.slug, pattern),
        ),
      )
      .orderBy(asc(schools.name))
      .limit(limit),
  );
}

export async function countSchools(): Promise<number> {
  const rows = await inNoSchool((tx) => tx.select({ n: sql<number>`count(*)::int` }).from(schools));
  return rows[0]?.n ?? 0;
}

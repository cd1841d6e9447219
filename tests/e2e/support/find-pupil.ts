/**
 * Prints the ids of a school's pupils whose names match, as JSON, reading the
 * embedded database directly. For e2e set-up only, and only while no server
 * owns the data directory (it takes the database lock like any command-line
 * tool). Run: HAVEN_DATA_DIR=… tsx --conditions=react-server tests/e2e/support/find-pupil.ts SLUG "NAME"
 */
import { and, eq, sql } from 'drizzle-orm';
import { closeDb } from '@/db/client';
import { readLockOwner } from '@/db/embedded-lock';
import { inSchool } from '@/db/scoped';
import { students } from '@/db/schema';
import { becomeEmbeddedHost } from '@/lib/cli/embedded-host';
import { getConfig } from '@/lib/config';
import { findSchoolBySlug } from '@/lib/schools/queries';
import { searchTerms } from '@/lib/students/search-key';

async function main(slug: string, name: string): Promise<void> {
  const cfg = getConfig();
  if (cfg.database.driver !== 'pglite' || !cfg.database.dataDir)
    throw new Error('find-pupil reads an embedded database only');
  if (readLockOwner(cfg.database.dataDir) !== null)
    throw new Error('a running process owns the database; stop it first');
  const host = await becomeEmbeddedHost();
  try {
    const school = await findSchoolBySlug(slug);
    if (!school) throw new Error(`no school ${slug}`);
    const rows = await inSchool(school.id, (tx) =>
      tx
        .select({ id: students.id, tutorGroup: students.tutorGroup })
        .from(students)
        .where(
          and(
            eq(students.schoolId, school.id),
            ...searchTerms(name).map((t) => sql`${students.searchKey} like ${`%${t}%`}`),
          ),
        ),
    );
    process.stdout.write(`${JSON.stringify(rows)}\n`);
  } finally {
    await host?.close();
    await closeDb();
  }
}

main(process.argv[2] ?? '', process.argv[3] ?? '').then(
  () => process.exit(0),
  (e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);

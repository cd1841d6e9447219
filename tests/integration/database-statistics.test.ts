/**
 * database-statistics: the planner's statistics follow the data. The
 * embedded database has no autovacuum, so without this job a table keeps the
 * "never analyzed" estimate for ever and the permission engine's correlated
 * conditions get plans that scan every row of the school per incident.
 */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDriver, withTestDatabase } from '../support/db';
import { makeSchool } from '../support/identity';
import { addPupils } from '../support/pupils';
import { privileged } from '@/db/privileged';
import { runJob } from '@/lib/jobs/run-job';

withTestDatabase();

const estimatedRows = async (table: string) =>
  privileged('job', 'test', async (tx) => {
    const res = (await tx.execute(
      sql`select reltuples::int as n from pg_class where oid = to_regclass(${table})`,
    )) as unknown as { rows: { n: number }[] };
    return res.rows[0]!.n;
  });

beforeAll(async () => {
  const school = await makeSchool('statistics-a');
  await addPupils(
    school.id,
    Array.from({ length: 40 }, (_, i) => ({
      legalForename: `Pupil${i}`,
      legalSurname: 'Example',
      tutorGroup: '7A',
      yearGroup: 'Year 7',
    })),
  );
});

describe('database-statistics', () => {
  it('brings the planner’s row estimates up to date, and is safe to run twice at once', async () => {
    if (testDriver === 'pglite') {
      // Never analyzed: PostgreSQL's "unknown" estimate.
      expect(await estimatedRows('students')).toBe(-1);
    }
    const [first, second] = await Promise.all([
      runJob('database-statistics', { trigger: 'test' }),
      runJob('database-statistics', { trigger: 'test' }),
    ]);
    expect(await estimatedRows('students')).toBe(40);
    if (testDriver === 'pglite') expect([first!.analyzed, second!.analyzed]).toEqual(['all', 'all']);
    else expect([typeof first!.analyzed, typeof second!.analyzed]).toEqual(['number', 'number']);
  });
});

/**
 * database-statistics: keeps the query planner's statistics in step with the
 * data. The permission engine's conditions (every category of an incident
 * viewable, the pupil in reach) are correlated subqueries whose plans depend
 * on them: without statistics the planner assumes tables of one row and a
 * chronology of 500 incidents takes twenty times longer. PostgreSQL's
 * autovacuum analyzes by itself, so there the job only analyzes tables that
 * were never analyzed (a fresh restore); the embedded database has no
 * autovacuum, so there it analyzes everything (small databases: well under a
 * second).
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import { privileged } from '@/db/privileged';
import type { JobDefinition } from './types';

export const databaseStatistics: JobDefinition = {
  name: 'database-statistics',
  description:
    'Refresh the query planner’s statistics (ANALYZE): everything on the embedded database, tables never analyzed on PostgreSQL.',
  async run({ config }) {
    return privileged('job', 'database-statistics', async (tx) => {
      if (config.database.driver === 'pglite') {
        await tx.execute(sql`analyze`);
        return { analyzed: 'all' };
      }
      const never = await tx.execute(sql`
        select relname from pg_stat_user_tables
        where last_analyze is null and last_autoanalyze is null and schemaname = current_schema()`);
      const rows = (never as unknown as { rows: { relname: string }[] }).rows;
      for (const r of rows) await tx.execute(sql`analyze ${sql.identifier(r.relname)}`);
      return { analyzed: rows.length };
    });
  },
};

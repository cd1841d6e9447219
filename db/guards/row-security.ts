/**
 * Checks, from the catalog, that the school boundary holds for every table:
 * each table with a school_id column has row-level security enabled and forced
 * and a policy for the app role; the app role cannot delete from tenant tables
 * (records are soft-deleted) or change the audit log. Used by the guard tests,
 * so a new table that forgets any of this fails the build.
 */
import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../client';

/** Tenant tables the app role may DELETE from (short-lived rows, not records). Empty until sessions arrive. */
export const DELETABLE_TENANT_TABLES = new Set<string>([]);

export interface RowSecurityViolation {
  table: string;
  problem: string;
}

export async function tenantTables(tx: Tx, schema = 'public'): Promise<string[]> {
  const res = await tx.execute(sql`
    select c.table_name as name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = ${schema} and c.column_name = 'school_id' and t.table_type = 'BASE TABLE'
    order by c.table_name`);
  return rowsOf<{ name: string }>(res).map((r) => r.name);
}

export async function findRowSecurityViolations(tx: Tx, schema = 'public'): Promise<RowSecurityViolation[]> {
  const out: RowSecurityViolation[] = [];
  for (const table of await tenantTables(tx, schema)) {
    const flags = rowsOf<{ enabled: boolean; forced: boolean }>(
      await tx.execute(sql`
        select c.relrowsecurity as enabled, c.relforcerowsecurity as forced
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = ${schema} and c.relname = ${table}`),
    )[0];
    if (!flags?.enabled) out.push({ table, problem: 'row-level security is not enabled' });
    if (!flags?.forced) out.push({ table, problem: 'row-level security is not forced' });
    const policies = rowsOf<{ n: number }>(
      await tx.execute(sql`
        select count(*)::int as n from pg_policies
        where schemaname = ${schema} and tablename = ${table} and 'haven_app' = any(roles)
          and qual like '%school_id%' and (with_check like '%school_id%' or cmd = 'SELECT')`),
    )[0];
    if (!policies || policies.n === 0) out.push({ table, problem: 'has no school_id policy for haven_app' });
    const qualified = `${schema}.${table}`;
    const privs = rowsOf<{ can_delete: boolean; can_truncate: boolean }>(
      await tx.execute(sql`
        select has_table_privilege('haven_app', ${qualified}, 'DELETE') as can_delete,
               has_table_privilege('haven_app', ${qualified}, 'TRUNCATE') as can_truncate`),
    )[0];
    if (privs?.can_truncate) out.push({ table, problem: 'the app role may TRUNCATE it' });
    if (privs?.can_delete && !DELETABLE_TENANT_TABLES.has(table)) {
      out.push({ table, problem: 'the app role may DELETE from it (records are soft-deleted)' });
    }
  }
  return out;
}

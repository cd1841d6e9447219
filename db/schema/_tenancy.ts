/**
 * Row-level security building blocks shared by every tenant table.
 *
 * The application never queries as the table owner: each unit of work runs
 * `SET LOCAL ROLE haven_app` and sets `app.school_id` for its transaction
 * (db/scoped.ts). The policy below then lets that role see and write only the
 * rows of that school; with no school set it sees nothing. Migrations also FORCE
 * row-level security so even the owner role is bound by it.
 */
import { sql } from 'drizzle-orm';
import { pgPolicy, pgRole, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';

/** The non-owner role the app runs as (created by migration 0000, never by drizzle-kit). */
export const appRole = pgRole('haven_app').existing();

/**
 * The school of the current transaction, or NULL when none is set. Wrapped in
 * a scalar subquery so Postgres evaluates it once per statement (an InitPlan),
 * not once per row: policies then cost next to nothing on large scans.
 */
export const currentSchoolId = sql`(select nullif(current_setting('app.school_id', true), '')::uuid)`;

/** The signed-in user of the current transaction, or NULL (evaluated once per statement, as above). */
export const currentUserId = sql`(select nullif(current_setting('app.user_id', true), '')::uuid)`;

/** The `school_id` column every tenant table has, first in its keys. */
export const schoolIdColumn = () => uuid('school_id').notNull();

/** The one policy of a tenant table: rows of the transaction's school only, for reads and writes. */
export function schoolIsolation(schoolId: AnyPgColumn) {
  return pgPolicy('school_isolation', {
    as: 'permissive',
    for: 'all',
    to: appRole,
    using: sql`${schoolId} = ${currentSchoolId}`,
    withCheck: sql`${schoolId} = ${currentSchoolId}`,
  });
}

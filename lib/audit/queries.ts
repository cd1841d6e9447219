/** Reading the audit log: the paging every list of its rows shares. */
import 'server-only';
import { desc, sql, type SQL } from 'drizzle-orm';
import { auditLog } from '@/db/schema';

/**
 * Keyset paging on (at, id), newest first: the rows older than the one
 * `before` names (nothing to add without it). Stable while new rows arrive,
 * and exact to the microsecond.
 */
export function auditRowsBefore(schoolId: string, before: string | undefined): SQL | undefined {
  if (!before) return undefined;
  return sql`(${auditLog.at}, ${auditLog.id}) < (select c.at, c.id from ${auditLog} c where c.school_id = ${schoolId} and c.id = ${before})`;
}

/** What every list of audit rows selects; the user agent and entity only where a page shows them. */
export const auditRowColumns = {
  id: auditLog.id,
  at: auditLog.at,
  action: auditLog.action,
  ip: auditLog.ip,
  details: auditLog.details,
};

/** The order auditRowsBefore pages in. */
export const auditNewestFirst = () => [desc(auditLog.at), desc(auditLog.id)];

/** A row's details as an object; rows are history, and anything else stored there reads as no details. */
export function auditDetailsOf(details: unknown): Record<string, unknown> {
  return typeof details === 'object' && details !== null && !Array.isArray(details)
    ? (details as Record<string, unknown>)
    : {};
}

/**
 * Which of a pupil's documents a person may read, as a WHERE condition over
 * the documents table, for the vault's list, downloads and zips. The caller
 * has already decided 'student.documents' on the pupil (the Document vault's
 * own door). Then:
 * - a direct upload ('vault') is readable by that decision alone;
 * - an attachment ('incident', 'action') exactly when its record is:
 *   `recordVisible` is the incident visibility condition (built from
 *   `incidentVisibilityCondition`, the one rule every incident list uses) for
 *   the row's incident, and an action's file also needs its action live; a
 *   file removed from its record by an edit is read through that record's
 *   history, not here;
 * - a pending upload (not yet claimed by a saved record) never;
 * - a direct upload that came with a transfer from another school also needs
 *   `transferVisible` (the caller's condition: one of that transfer's incidents
 *   is visible to this person), so nobody sees a transferred file before an
 *   administrator grants rights on the Legacy categories it came with.
 */
import { sql, type SQL } from 'drizzle-orm';
import { anyOf, allOf, toSql, type ColumnRef } from './sql-parts';

export interface DocumentColumns {
  source: ColumnRef;
  /** True when the row is soft-deleted. */
  deleted: SQL;
  /** True when the row is an action's file whose action is deleted. */
  actionDeleted: SQL;
  /** True when the row came from another school with a transfer. */
  transferred?: SQL;
}

export function documentReadableCondition(
  cols: DocumentColumns,
  recordVisible: SQL,
  opts: { deletedVaultFiles: boolean; transferVisible?: SQL },
): SQL {
  return toSql(
    anyOf(
      allOf(
        sql`${cols.source} = 'vault'`,
        opts.deletedVaultFiles ? true : sql`not (${cols.deleted})`,
        cols.transferred ? anyOf(sql`not (${cols.transferred})`, opts.transferVisible ?? false) : true,
      ),
      allOf(
        sql`${cols.source} in ('incident', 'action')`,
        sql`not (${cols.deleted})`,
        sql`not (${cols.actionDeleted})`,
        recordVisible,
      ),
    ),
  );
}

/**
 * The one rule for the author a record shows: a record brought from another
 * school (transfers) names that school (`external_author`), every other one
 * the user who wrote it. Every read that shows an author's name uses this.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/** SQL for the author's name shown: the external author when set, else the user's display name. */
export function shownAuthorName(externalAuthor: AnyPgColumn, userDisplayName: AnyPgColumn): SQL<string | null> {
  return sql<string | null>`coalesce(${externalAuthor}, ${userDisplayName})`;
}

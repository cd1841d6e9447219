/**
 * Reading saved versions of incidents and actions for their history pages:
 * newest first with who saved each, and the current names of the categories
 * they name.
 */
import 'server-only';
import { desc, eq, inArray, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Tx } from '@/db/scoped';
import { actionVersions, categories, incidentVersions, users } from '@/db/schema';

/** The versions of one incident or action (`where` names it), newest first, with who saved each. */
export async function savedVersions(tx: Tx, table: typeof incidentVersions | typeof actionVersions, where: SQL) {
  const saver = alias(users, 'saver');
  return tx
    .select({
      version: table.version,
      savedAt: table.savedAt,
      snapshot: table.snapshot,
      savedBy: saver.displayName,
    })
    .from(table)
    .leftJoin(saver, eq(saver.id, table.savedBy))
    .where(where)
    .orderBy(desc(table.version));
}

/**
 * The current names of the categories saved versions name (a version keeps
 * category ids, so a renamed category reads with its new name in history too).
 */
export async function versionCategoryNames(
  tx: Tx,
  snapshots: readonly Record<string, unknown>[],
): Promise<Map<string, string>> {
  const ids = [...new Set(snapshots.flatMap((s) => (s.categoryIds as string[] | undefined) ?? []))];
  if (ids.length === 0) return new Map();
  const names = await tx
    .select({ id: categories.id, name: categories.name })
    .from(categories)
    .where(inArray(categories.id, ids));
  return new Map(names.map((n) => [n.id, n.name]));
}

/** What every history page shows of a saved version, whatever it is a version of. */
export function versionView(
  r: { version: number; savedAt: Date; savedBy: string | null; snapshot: Record<string, unknown> },
  categoryNames: Map<string, string>,
) {
  return {
    version: r.version,
    savedAt: r.savedAt,
    savedBy: r.savedBy,
    text: String(r.snapshot.text ?? ''),
    occurredAt: String(r.snapshot.occurredAt ?? ''),
    categoryNames: ((r.snapshot.categoryIds as string[] | undefined) ?? []).map(
      (id) => categoryNames.get(id) ?? 'Unknown category',
    ),
    agencies: (r.snapshot.agencies as string[] | undefined) ?? [],
  };
}

/** The categories chosen on an incident or action form, checked against the school's live ones. */
import 'server-only';
import { and, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { categories } from '@/db/schema';
import { UserError } from '@/lib/errors';

/** Live categories of this school; on the incident a sub-category needs its parent ticked too (the form shows it under the parent). */
export async function liveCategories(
  tx: Tx,
  chosen: readonly string[],
  field: string,
  requireParents = true,
): Promise<Map<string, { name: string; parentId: string | null }>> {
  if (chosen.length === 0) return new Map();
  const rows = await tx
    .select({ id: categories.id, name: categories.name, parentId: categories.parentId })
    .from(categories)
    .where(and(inArray(categories.id, [...chosen]), isNull(categories.archivedAt)))
    // Held until the record commits: a merge or delete of these categories waits for it,
    // and an add that waits for a merge then finds the category disabled.
    .for('share');
  const byId = new Map(rows.map((r) => [r.id, { name: r.name, parentId: r.parentId }]));
  for (const id of chosen) {
    const c = byId.get(id);
    if (!c)
      throw new UserError('Please correct the highlighted fields.', { [field]: ['Choose categories from the list.'] });
    if (requireParents && c.parentId && !byId.has(c.parentId)) {
      throw new UserError('Please correct the highlighted fields.', {
        [field]: [`Tick the parent category of “${c.name}” too.`],
      });
    }
  }
  return byId;
}

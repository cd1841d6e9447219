/**
 * The category lozenges beside a pupil's name: their running monitoring
 * periods in categories the viewer may see, in the school's category order
 * (a sub-category right after its parent). Loaded for a page of pupils at
 * once, filtered by the permission engine in the query.
 */
import 'server-only';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { categories, monitoringPeriods } from '@/db/schema';
import { lozengeTextColour, mayViewMonitoring, monitoringCategoryCondition, type AccessSubject } from '@/lib/access';
import { categoryFamilyOrder, parentCategory, parentCategoryJoin } from './category-order';

export interface Lozenge {
  id: string;
  name: string;
  colour: string;
  textColour: string;
}

/**
 * The categories each pupil is monitored in now that the viewer may see, in
 * the school's category order: the lozenges in every list of pupils and the
 * profile's (lib/monitoring/queries.ts).
 */
export async function runningCategories(tx: Tx, subject: AccessSubject, studentIds: readonly string[]) {
  if (studentIds.length === 0) return [];
  return tx
    .select({
      studentId: monitoringPeriods.studentId,
      id: categories.id,
      name: categories.name,
      colour: categories.colour,
    })
    .from(monitoringPeriods)
    .innerJoin(
      categories,
      and(eq(categories.schoolId, monitoringPeriods.schoolId), eq(categories.id, monitoringPeriods.categoryId)),
    )
    .leftJoin(parentCategory, parentCategoryJoin)
    .where(
      and(
        eq(monitoringPeriods.schoolId, subject.schoolId),
        inArray(monitoringPeriods.studentId, [...studentIds]),
        isNull(monitoringPeriods.endedOn),
        monitoringCategoryCondition(subject, monitoringPeriods.categoryId),
      ),
    )
    .orderBy(...categoryFamilyOrder());
}

/** Each pupil's lozenges; none at all without the key (the lists show no categories then). */
export async function loadLozenges(
  tx: Tx,
  subject: AccessSubject,
  studentIds: readonly string[],
): Promise<Map<string, Lozenge[]>> {
  const out = new Map<string, Lozenge[]>();
  if (studentIds.length === 0 || !mayViewMonitoring(subject)) return out;
  for (const r of await runningCategories(tx, subject, studentIds)) {
    const list = out.get(r.studentId) ?? [];
    list.push({ id: r.id, name: r.name, colour: r.colour, textColour: lozengeTextColour(r.colour) });
    out.set(r.studentId, list);
  }
  return out;
}

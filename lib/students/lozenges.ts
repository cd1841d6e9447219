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
import { lozengeTextColour, monitoringCategoryCondition, type AccessSubject } from '@/lib/access';
import { categoryFamilyOrder, parentCategory, parentCategoryJoin } from '@/lib/monitoring/category-order';

export interface Lozenge {
  id: string;
  name: string;
  colour: string;
  textColour: string;
}


export async function loadLozenges(tx: Tx, subject: AccessSubject, studentIds: readonly string[]): Promise<Map<string, Lozenge[]>> {
  const out = new Map<string, Lozenge[]>();
  if (studentIds.length === 0 || !subject.elevated) return out;
  const rows = await tx
    .select({ studentId: monitoringPeriods.studentId, id: categories.id, name: categories.name, colour: categories.colour })
    .from(monitoringPeriods)
    .innerJoin(categories, and(eq(categories.schoolId, monitoringPeriods.schoolId), eq(categories.id, monitoringPeriods.categoryId)))
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
  for (const r of rows) {
    const list = out.get(r.studentId) ?? [];
    list.push({ id: r.id, name: r.name, colour: r.colour, textColour: lozengeTextColour(r.colour) });
    out.set(r.studentId, list);
  }
  return out;
}

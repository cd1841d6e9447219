/**
 * The benchmark's monitoring: the importer brings the large school's pupils
 * but monitoring is Haven's own, so a deterministic share of them (about one
 * in six, in one or two categories) is monitored here, and the search and
 * list cases read what a large school's dashboard reads.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { inSchool } from '@/db/scoped';
import { categories, monitoringPeriods, students } from '@/db/schema';

export async function monitorSomePupils(schoolId: string): Promise<{ pupils: number; monitored: number }> {
  return inSchool(schoolId, async (tx) => {
    const pupils = await tx
      .select({ id: students.id })
      .from(students)
      .where(eq(students.schoolId, schoolId))
      .orderBy(asc(students.misId));
    const cats = await tx
      .select({ id: categories.id })
      .from(categories)
      .where(and(eq(categories.schoolId, schoolId), isNull(categories.parentId)))
      .orderBy(asc(categories.sortOrder));
    const periods = pupils.flatMap((p, i) => {
      if (i % 6 !== 0) return [];
      const picks = i % 12 === 0 ? [i % cats.length, (i + 5) % cats.length] : [i % cats.length];
      return picks.map((k) => ({
        id: randomUUID(),
        schoolId,
        studentId: p.id,
        categoryId: cats[k]!.id,
        startedOn: '2025-09-01',
        startedVia: 'profile' as const,
      }));
    });
    for (let i = 0; i < periods.length; i += 500) await tx.insert(monitoringPeriods).values(periods.slice(i, i + 500));
    return { pupils: pupils.length, monitored: new Set(periods.map((p) => p.studentId)).size };
  });
}

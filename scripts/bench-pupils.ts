/**
 * The benchmark's pupils and their monitoring: the rows of a generated
 * bundle's students.csv written straight into a school, with the same folded
 * search key the importer stores, and a deterministic share of them monitored
 * (about one in six, in one or two categories), so the search and list cases
 * read what a large school's dashboard reads.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { and, eq, isNull } from 'drizzle-orm';
import { inSchool } from '@/db/scoped';
import { categories, monitoringPeriods, students } from '@/db/schema';
import { BUNDLE_FILES, type StudentRow } from '@/db/seed/bundle-columns';
import { studentSearchKey } from '@/lib/students/search-key';

const flag = (v: string) => v === 'Y';

export async function insertBundlePupils(schoolId: string, bundleDir: string): Promise<number> {
  const rows = parse(fs.readFileSync(path.join(bundleDir, BUNDLE_FILES.students)), { columns: true, skip_empty_lines: true }) as StudentRow[];
  const values = rows.map((r) => {
    const names = {
      legalForename: r.legal_forename,
      legalSurname: r.legal_surname,
      preferredForename: r.preferred_forename || r.legal_forename,
      preferredSurname: r.preferred_surname || r.legal_surname,
    };
    const left = Boolean(r.leaving_date);
    return {
      id: randomUUID(),
      schoolId,
      misId: r.mis_id,
      upn: r.upn || null,
      ...names,
      dateOfBirth: r.date_of_birth,
      gender: r.gender || null,
      yearGroup: r.year_group || null,
      tutorGroup: r.tutor_group || null,
      senStatus: (r.sen_status || null) as 'N' | 'K' | 'E' | null,
      pupilPremium: flag(r.pupil_premium),
      eal: flag(r.eal),
      freeSchoolMeals: flag(r.free_school_meals),
      lookedAfter: flag(r.looked_after),
      startDate: r.start_date,
      leavingDate: r.leaving_date || null,
      searchKey: studentSearchKey(names),
      misRowHash: 'bench',
      archivedAt: left ? new Date() : null,
      archivedReason: left ? ('left' as const) : null,
    };
  });
  await inSchool(schoolId, async (tx) => {
    for (let i = 0; i < values.length; i += 500) await tx.insert(students).values(values.slice(i, i + 500));
    const cats = await tx
      .select({ id: categories.id })
      .from(categories)
      .where(and(eq(categories.schoolId, schoolId), isNull(categories.parentId)))
      .orderBy(categories.sortOrder);
    const periods = values.flatMap((p, i) => {
      if (i % 6 !== 0) return [];
      const picks = i % 12 === 0 ? [i % cats.length, (i + 5) % cats.length] : [i % cats.length];
      return picks.map((k) => ({ id: randomUUID(), schoolId, studentId: p.id, categoryId: cats[k]!.id, startedOn: '2025-09-01', startedVia: 'profile' as const }));
    });
    for (let i = 0; i < periods.length; i += 500) await tx.insert(monitoringPeriods).values(periods.slice(i, i + 500));
  });
  return values.length;
}

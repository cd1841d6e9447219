/**
 * Pupils for integration tests that are not about the importer: rows written
 * straight into a school (inside its row-security scope), with the same folded
 * search key the importer stores. Tests of the importer itself import bundles.
 */
import { randomUUID } from 'node:crypto';
import { inSchool } from '@/db/scoped';
import { monitoringPeriods, students } from '@/db/schema';
import { studentSearchKey } from '@/lib/students/search-key';

export interface TestPupil {
  misId?: string;
  legalForename: string;
  legalSurname: string;
  preferredForename?: string;
  preferredSurname?: string;
  dateOfBirth?: string;
  yearGroup?: string | null;
  tutorGroup?: string | null;
  upn?: string | null;
  archived?: boolean;
}

/** Inserts pupils into a school and returns their ids in the order given. */
export async function addPupils(schoolId: string, pupils: TestPupil[]): Promise<string[]> {
  const rows = pupils.map((p, i) => {
    const names = {
      legalForename: p.legalForename,
      legalSurname: p.legalSurname,
      preferredForename: p.preferredForename ?? p.legalForename,
      preferredSurname: p.preferredSurname ?? p.legalSurname,
    };
    return {
      id: randomUUID(),
      schoolId,
      misId: p.misId ?? `T${String(i + 1).padStart(4, '0')}-${randomUUID().slice(0, 6)}`,
      upn: p.upn ?? null,
      ...names,
      dateOfBirth: p.dateOfBirth ?? '2013-03-14',
      yearGroup: p.yearGroup === undefined ? 'Year 7' : p.yearGroup,
      tutorGroup: p.tutorGroup === undefined ? '7A' : p.tutorGroup,
      startDate: '2024-09-04',
      searchKey: studentSearchKey(names),
      misRowHash: 'test',
      archivedAt: p.archived ? new Date() : null,
      archivedReason: p.archived ? ('left' as const) : null,
    };
  });
  await inSchool(schoolId, (tx) => tx.insert(students).values(rows));
  return rows.map((r) => r.id);
}

/** Starts monitoring a pupil in a category, as if from the profile. */
export async function monitor(
  schoolId: string,
  studentId: string,
  categoryId: string,
  startedOn = '2025-09-01',
): Promise<void> {
  await inSchool(schoolId, (tx) =>
    tx
      .insert(monitoringPeriods)
      .values({ id: randomUUID(), schoolId, studentId, categoryId, startedOn, startedVia: 'profile' }),
  );
}

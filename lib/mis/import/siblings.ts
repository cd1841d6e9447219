/**
 * Sibling links from shared contacts: pupils who share a live MIS contact
 * (same contact_id) with parental responsibility are linked, source 'mis',
 * relationship 'Sibling', one row per direction. Computed from the stored
 * contacts after contacts.csv is applied, so contacts protected by a skipped
 * row still count. MIS links that no longer hold are marked removed; links
 * added by hand (source 'manual') are never read or written here.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { rowsOf } from '@/db/scoped';
import { studentLinks } from '@/db/schema';
import { sql } from 'drizzle-orm';
import { chunks, type ImportEnv } from './env';

export const SIBLING = 'Sibling';

export async function syncSiblingLinks(env: ImportEnv): Promise<void> {
  const { tx, schoolId, report } = env;
  const wanted = rowsOf<{ a: string; b: string }>(
    await tx.execute(sql`
      select distinct x.student_id as a, y.student_id as b
      from student_contacts x
      join student_contacts y
        on y.school_id = x.school_id and y.mis_contact_id = x.mis_contact_id and y.student_id <> x.student_id
      where x.school_id = ${schoolId} and x.source = 'mis' and y.source = 'mis'
        and x.removed_at is null and y.removed_at is null
        and x.parental_responsibility and y.parental_responsibility`),
  );
  const live = await tx
    .select({ id: studentLinks.id, a: studentLinks.studentId, b: studentLinks.linkedStudentId })
    .from(studentLinks)
    .where(and(eq(studentLinks.schoolId, schoolId), eq(studentLinks.source, 'mis'), isNull(studentLinks.removedAt)));
  const key = (a: string, b: string) => `${a}|${b}`;
  const wantedKeys = new Set(wanted.map((w) => key(w.a, w.b)));
  const liveKeys = new Set(live.map((l) => key(l.a, l.b)));

  const toAdd = wanted.filter((w) => !liveKeys.has(key(w.a, w.b)));
  for (const batch of chunks(toAdd)) {
    await tx.insert(studentLinks).values(
      batch.map((w) => ({ schoolId, id: randomUUID(), studentId: w.a, linkedStudentId: w.b, source: 'mis' as const, relationship: SIBLING, createdAt: env.now })),
    );
  }
  const toRemove = live.filter((l) => !wantedKeys.has(key(l.a, l.b))).map((l) => l.id);
  for (const batch of chunks(toRemove)) {
    await tx
      .update(studentLinks)
      .set({ removedAt: env.now })
      .where(and(eq(studentLinks.schoolId, schoolId), eq(studentLinks.source, 'mis'), inArray(studentLinks.id, batch), isNull(studentLinks.removedAt)));
  }
  report.siblingLinks.added += toAdd.length;
  report.siblingLinks.removed += toRemove.length;
}

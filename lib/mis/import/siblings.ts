/**
 * Sibling links from shared contacts: pupils who share a live MIS contact
 * (same contact_id) with parental responsibility are linked, source 'mis',
 * relationship 'Sibling', one row per direction. Computed from the stored
 * contacts after contacts.csv is applied, so contacts protected by a skipped
 * row still count. MIS links that no longer hold are marked removed; links
 * added by hand (source 'manual') are never read or written here.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { rowsOf } from '@/db/scoped';
import { studentLinks } from '@/db/schema';
import { chunks, type ImportEnv } from './env';

export const SIBLING = 'Sibling';

export async function syncSiblingLinks(env: ImportEnv): Promise<void> {
  const { tx, schoolId, report } = env;
  const key = (a: string, b: string) => `${a}|${b}`;
  // Pupils per shared contact, grouped here rather than by a self-join: the
  // contacts were written moments ago in this transaction, so the planner has no
  // statistics for them, and it chose a nested loop over every pair of contacts
  // (the large benchmark school's 3,600 such contacts: 13 million pairs, 15 s on
  // the embedded database).
  const shared = rowsOf<{ studentId: string; contactId: string }>(
    await tx.execute(sql`
      select student_id as "studentId", mis_contact_id as "contactId" from student_contacts
      where school_id = ${schoolId} and source = 'mis' and removed_at is null and parental_responsibility`),
  );
  const pupilsOf = new Map<string, Set<string>>();
  for (const c of shared) {
    let pupils = pupilsOf.get(c.contactId);
    if (!pupils) pupilsOf.set(c.contactId, (pupils = new Set()));
    pupils.add(c.studentId);
  }
  const wanted = new Map<string, { a: string; b: string }>();
  for (const pupils of pupilsOf.values()) {
    if (pupils.size < 2) continue;
    for (const a of pupils) for (const b of pupils) if (a !== b) wanted.set(key(a, b), { a, b });
  }
  const live = await tx
    .select({ id: studentLinks.id, a: studentLinks.studentId, b: studentLinks.linkedStudentId })
    .from(studentLinks)
    .where(and(eq(studentLinks.schoolId, schoolId), eq(studentLinks.source, 'mis'), isNull(studentLinks.removedAt)));
  const liveKeys = new Set(live.map((l) => key(l.a, l.b)));

  const toAdd = [...wanted.values()].filter((w) => !liveKeys.has(key(w.a, w.b)));
  for (const batch of chunks(toAdd)) {
    await tx.insert(studentLinks).values(
      batch.map((w) => ({
        schoolId,
        id: randomUUID(),
        studentId: w.a,
        linkedStudentId: w.b,
        source: 'mis' as const,
        relationship: SIBLING,
        createdAt: env.now,
      })),
    );
  }
  const toRemove = live.filter((l) => !wanted.has(key(l.a, l.b))).map((l) => l.id);
  for (const batch of chunks(toRemove)) {
    await tx
      .update(studentLinks)
      .set({ removedAt: env.now })
      .where(
        and(
          eq(studentLinks.schoolId, schoolId),
          eq(studentLinks.source, 'mis'),
          inArray(studentLinks.id, batch),
          isNull(studentLinks.removedAt),
        ),
      );
  }
  report.siblingLinks.added += toAdd.length;
  report.siblingLinks.removed += toRemove.length;
}

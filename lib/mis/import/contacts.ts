/**
 * contacts.csv: every pupil's MIS contacts, a full snapshot per pupil. A
 * contact is matched by (pupil, contact_id): new ones are added, changed ones
 * updated, one that is back after being removed is revived, and the MIS
 * contacts of an imported pupil that the file no longer lists are marked
 * removed. Contacts added by hand are never touched. A skipped row protects the
 * contact it names (or, without a readable contact_id, every contact of that
 * pupil) from removal; a line naming no readable pupil keeps every contact
 * this run, with a warning. A detail too long to take (./limits.ts) is an error on
 * its column; the rest of the row is imported and the value stored before is
 * kept.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { studentContacts } from '@/db/schema';
import type { ContactDetails } from '@/lib/profile/types';
import type { BundleFile } from './bundle';
import { chunks, hashedWithKept, upsertByKept, warnHeld, type ImportEnv, type Roll } from './env';
import * as f from './fields';
import { rowHash } from './hash';
import { COLUMN_LIMITS } from './limits';
import { records, RowCheck } from './read-file';

const FILE = 'contacts' as const;
const L = COLUMN_LIMITS.contacts;

interface ContactRow extends ContactDetails {
  studentId: string;
  misContactId: string;
}

const UPSERT_SET = {
  title: sql`excluded.title`,
  forename: sql`excluded.forename`,
  surname: sql`excluded.surname`,
  relationship: sql`excluded.relationship`,
  priority: sql`excluded.priority`,
  parentalResponsibility: sql`excluded.parental_responsibility`,
  livesWithStudent: sql`excluded.lives_with_student`,
  phone: sql`excluded.phone`,
  mobile: sql`excluded.mobile`,
  email: sql`excluded.email`,
  address: sql`excluded.address`,
  misRowHash: sql`excluded.mis_row_hash`,
  updatedAt: sql`excluded.updated_at`,
  removedAt: sql`null`,
  removedBy: sql`null`,
};
const KEPT_KEYS: Record<string, keyof typeof UPSERT_SET> = {
  title: 'title',
  relationship: 'relationship',
  phone: 'phone',
  mobile: 'mobile',
  email: 'email',
  address: 'address',
};

/** Why a student_mis_id cannot take contacts or marks, or null when it names a pupil with a record. */
export function unknownPupilReason(roll: Roll, misId: string): string | null {
  if (roll.idByMisId.has(misId)) return null;
  if (roll.skippedWithoutRecord.has(misId))
    return `pupil "${f.clip(misId)}" was not imported (their row in students.csv has an error)`;
  return `no pupil with mis_id "${f.clip(misId)}" in students.csv`;
}

export async function importContacts(env: ImportEnv, file: BundleFile, roll: Roll): Promise<void> {
  const { tx, schoolId, report } = env;
  const counts = report.file(FILE);
  const rows = new Map<string, ContactRow & { line: number; kept: ReadonlySet<string> }>();
  const linesOf = new Map<string, number[]>();
  /** Per pupil: contact ids behind skipped rows; '*' when a skipped row named no contact. */
  const protectedIds = new Map<string, Set<string>>();
  const protect = (studentId: string, contactId: string) => {
    const s = protectedIds.get(studentId) ?? new Set<string>();
    s.add(contactId === '' ? '*' : contactId);
    protectedIds.set(studentId, s);
  };

  /** Lines that name no readable pupil: who they named cannot be known, so no contact is removed this run. */
  const unidentified: number[] = [];
  for await (const r of records(file, report, (line) => unidentified.push(line))) {
    const check = new RowCheck();
    const studentMisId = check.take('student_mis_id', f.requiredText(r.get('student_mis_id'), L.student_mis_id.max));
    const contactId = check.take('contact_id', f.requiredText(r.get('contact_id'), L.contact_id.max));
    const forename = check.take('forename', f.optionalName(r.get('forename'), L.forename.max));
    const surname = check.take('surname', f.optionalName(r.get('surname'), L.surname.max));
    const priority = check.take('priority', f.priority(r.get('priority')));
    const pr = check.take('parental_responsibility', f.flag(r.get('parental_responsibility')));
    const lives = check.take('lives_with_student', f.flag(r.get('lives_with_student')));
    const unknown = studentMisId === undefined ? null : unknownPupilReason(roll, studentMisId);
    if (unknown) check.problems.push({ column: 'student_mis_id', reason: unknown });
    const studentId = studentMisId === undefined ? undefined : roll.idByMisId.get(studentMisId);
    const details = {
      title: check.detail('title', r.get('title'), L.title),
      relationship: check.detail('relationship', r.get('relationship'), L.relationship),
      phone: check.detail('phone', r.get('phone'), L.phone),
      mobile: check.detail('mobile', r.get('mobile'), L.mobile),
      email: check.detail('email', r.get('email'), L.email),
      address: check.detail('address', r.get('address'), L.address),
    };
    if (!check.reportTo(report, FILE, r.line)) {
      if (studentId) protect(studentId, contactId ?? '');
      else if (studentMisId === undefined) unidentified.push(r.line);
      continue;
    }
    const key = `${studentId}\u0000${contactId}`;
    linesOf.set(key, [...(linesOf.get(key) ?? []), r.line]);
    if (rows.has(key)) continue;
    rows.set(key, {
      line: r.line,
      kept: check.kept,
      studentId: studentId!,
      misContactId: contactId!,
      title: details.title,
      forename: forename ?? '',
      surname: surname ?? '',
      relationship: details.relationship,
      priority: priority ?? null,
      parentalResponsibility: pr!,
      livesWithStudent: lives!,
      phone: details.phone,
      mobile: details.mobile,
      email: details.email,
      address: details.address,
    });
  }
  for (const [key, lines] of linesOf) {
    if (lines.length < 2) continue;
    const row = rows.get(key)!;
    for (const line of lines) {
      report.error(
        FILE,
        line,
        'contact_id',
        `contact "${f.clip(row.misContactId)}" is listed for this pupil on lines ${lines.join(', ')}; none of these rows was imported`,
      );
    }
    rows.delete(key);
    protect(row.studentId, row.misContactId);
  }

  const existing = await tx
    .select({
      id: studentContacts.id,
      studentId: studentContacts.studentId,
      misContactId: studentContacts.misContactId,
      hash: studentContacts.misRowHash,
      removedAt: studentContacts.removedAt,
    })
    .from(studentContacts)
    .where(and(eq(studentContacts.schoolId, schoolId), eq(studentContacts.source, 'mis')));
  const byKey = new Map(existing.map((e) => [`${e.studentId}\u0000${e.misContactId}`, e]));

  const upserts: { values: typeof studentContacts.$inferInsert; kept: ReadonlySet<string> }[] = [];
  for (const [key, row] of rows) {
    const { line: _line, kept, ...fields } = row;
    const hash = rowHash(
      hashedWithKept(
        [
          fields.title,
          fields.forename,
          fields.surname,
          fields.relationship,
          fields.priority,
          fields.parentalResponsibility,
          fields.livesWithStudent,
          fields.phone,
          fields.mobile,
          fields.email,
          fields.address,
        ],
        kept,
      ),
    );
    const old = byKey.get(key);
    if (old && old.hash === hash && old.removedAt === null) {
      counts.unchanged++;
      continue;
    }
    if (old && old.removedAt === null) counts.updated++;
    else counts.added++;
    upserts.push({
      values: {
        ...fields,
        schoolId,
        id: old?.id ?? randomUUID(),
        source: 'mis',
        misRowHash: hash,
        createdAt: env.now,
        updatedAt: env.now,
        removedAt: null,
        removedBy: null,
      },
      kept,
    });
  }
  await upsertByKept(upserts, UPSERT_SET, KEPT_KEYS, (batch, set) =>
    tx
      .insert(studentContacts)
      .values(batch)
      .onConflictDoUpdate({
        target: [studentContacts.schoolId, studentContacts.studentId, studentContacts.misContactId],
        targetWhere: sql`source = 'mis'`,
        set,
      }),
  );

  // The snapshot: live MIS contacts of pupils imported from this students.csv that the file no longer lists.
  const importedIds = new Set([...roll.imported].map((m) => roll.idByMisId.get(m)!));
  const vanished = existing
    .filter((e) => {
      if (e.removedAt !== null || !importedIds.has(e.studentId) || rows.has(`${e.studentId}\u0000${e.misContactId}`))
        return false;
      const kept = protectedIds.get(e.studentId);
      return !(kept && (kept.has('*') || kept.has(e.misContactId!)));
    })
    .map((e) => e.id);
  if (vanished.length > 0 && unidentified.length > 0) {
    warnHeld(
      report,
      FILE,
      unidentified,
      `${vanished.length.toLocaleString('en-GB')} contact${vanished.length === 1 ? '' : 's'} not in this file kept, not removed`,
    );
    vanished.length = 0;
  }
  for (const batch of chunks(vanished)) {
    await tx
      .update(studentContacts)
      .set({ removedAt: env.now, updatedAt: env.now })
      .where(
        and(
          eq(studentContacts.schoolId, schoolId),
          eq(studentContacts.source, 'mis'),
          inArray(studentContacts.id, batch),
          isNull(studentContacts.removedAt),
        ),
      );
  }
  counts.archived += vanished.length;
}

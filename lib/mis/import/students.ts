/**
 * students.csv: the school's roll, a full snapshot. Valid rows are added or
 * updated (only when what would be stored differs); pupils who have left
 * (leaving date before today) or vanished from the file are archived, never
 * deleted; a pupil who is back (and has not left) is restored. A row with an
 * error is skipped and its pupil, if already known, is left exactly as they
 * were: in particular not archived as "missing"; a line that cannot be tied
 * to any pupil (unreadable, or no mis_id) holds every "missing" archive of
 * the run, with a warning. A detail too long to take
 * (./limits.ts) is an error on its column; the rest of the row is imported
 * and the pupil keeps the value stored before.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { students } from '@/db/schema';
import { parseUpn } from '@/lib/mis/upn';
import { upnHash } from '@/lib/mis/upn-hash';
import { studentSearchKey } from '@/lib/students/search-key';
import type { BundleFile } from './bundle';
import { BundleRefused } from './bundle';
import { chunks, hashedWithKept, missingIds, upsertByKept, type ImportEnv, type Roll } from './env';
import * as f from './fields';
import { rowHash } from './hash';
import { COLUMN_LIMITS } from './limits';
import { rowsByMisId, RowCheck } from './read-file';

interface PupilRow {
  line: number;
  misId: string;
  upn: string | null;
  legalForename: string;
  legalSurname: string;
  preferredForename: string;
  preferredSurname: string;
  dateOfBirth: string;
  gender: string | null;
  yearGroup: string | null;
  tutorGroup: string | null;
  senStatus: 'N' | 'K' | 'E' | null;
  ethnicity: string | null;
  religion: string | null;
  pupilPremium: boolean;
  eal: boolean;
  freeSchoolMeals: boolean;
  lookedAfter: boolean;
  medicalConditions: string[];
  startDate: string;
  leavingDate: string | null;
  /** Columns too long to take: the pupil keeps what was stored (./limits.ts). */
  kept: ReadonlySet<string>;
}

const FILE = 'students' as const;
const L = COLUMN_LIMITS.students;

function hashOf(p: PupilRow): string {
  return rowHash(
    hashedWithKept(
      [
        p.upn,
        p.legalForename,
        p.legalSurname,
        p.preferredForename,
        p.preferredSurname,
        p.dateOfBirth,
        p.gender,
        p.yearGroup,
        p.tutorGroup,
        p.senStatus,
        p.ethnicity,
        p.religion,
        p.pupilPremium,
        p.eal,
        p.freeSchoolMeals,
        p.lookedAfter,
        p.medicalConditions,
        p.startDate,
        p.leavingDate,
      ],
      p.kept,
    ),
  );
}

/** One row → a pupil, or its problems reported (and undefined). */
function parseRow(env: ImportEnv, get: (c: string) => string, line: number): PupilRow | undefined {
  const check = new RowCheck();
  const misId = check.take('mis_id', f.requiredText(get('mis_id'), L.mis_id.max));
  const legalForename = check.take('legal_forename', f.requiredText(get('legal_forename'), L.legal_forename.max));
  const legalSurname = check.take('legal_surname', f.requiredText(get('legal_surname'), L.legal_surname.max));
  const preferredForename = check.take(
    'preferred_forename',
    f.optionalName(get('preferred_forename'), L.preferred_forename.max),
  );
  const preferredSurname = check.take(
    'preferred_surname',
    f.optionalName(get('preferred_surname'), L.preferred_surname.max),
  );
  const dateOfBirth = check.take('date_of_birth', f.requiredDate(get('date_of_birth')));
  const startDate = check.take('start_date', f.requiredDate(get('start_date')));
  const leavingDate = check.take('leaving_date', f.optionalDate(get('leaving_date')));
  const senStatus = check.take('sen_status', f.senStatus(get('sen_status')));
  const pupilPremium = check.take('pupil_premium', f.flag(get('pupil_premium')));
  const eal = check.take('eal', f.flag(get('eal')));
  const freeSchoolMeals = check.take('free_school_meals', f.flag(get('free_school_meals')));
  const lookedAfter = check.take('looked_after', f.flag(get('looked_after')));
  const gender = check.detail('gender', get('gender'), L.gender);
  const yearGroup = check.detail('year_group', get('year_group'), L.year_group);
  const tutorGroup = check.detail('tutor_group', get('tutor_group'), L.tutor_group);
  const ethnicity = check.detail('ethnicity', get('ethnicity'), L.ethnicity);
  const religion = check.detail('religion', get('religion'), L.religion);
  const medical = check.detail('medical_conditions', get('medical_conditions'), L.medical_conditions);
  if (!check.reportTo(env.report, FILE, line)) return undefined;
  let upn: string | null = null;
  const rawUpn = get('upn').trim();
  if (rawUpn !== '') {
    const parsed = parseUpn(rawUpn);
    if (parsed.ok) upn = parsed.upn;
    else
      env.report.warning(
        FILE,
        line,
        'upn',
        `"${f.clip(rawUpn)}" is not a valid UPN (${parsed.reason}); the pupil was imported without a UPN`,
      );
  }
  return {
    line,
    misId: misId!,
    upn,
    legalForename: legalForename!,
    legalSurname: legalSurname!,
    preferredForename: preferredForename ?? legalForename!,
    preferredSurname: preferredSurname ?? legalSurname!,
    dateOfBirth: dateOfBirth!,
    gender,
    yearGroup,
    tutorGroup,
    senStatus: senStatus ?? null,
    ethnicity,
    religion,
    pupilPremium: pupilPremium!,
    eal: eal!,
    freeSchoolMeals: freeSchoolMeals!,
    lookedAfter: lookedAfter!,
    medicalConditions: f.list(medical ?? ''),
    startDate: startDate!,
    leavingDate: leavingDate ?? null,
    kept: check.kept,
  };
}

const UPSERT_SET = {
  upn: sql`excluded.upn`,
  upnHash: sql`excluded.upn_hash`,
  legalForename: sql`excluded.legal_forename`,
  legalSurname: sql`excluded.legal_surname`,
  preferredForename: sql`excluded.preferred_forename`,
  preferredSurname: sql`excluded.preferred_surname`,
  dateOfBirth: sql`excluded.date_of_birth`,
  gender: sql`excluded.gender`,
  yearGroup: sql`excluded.year_group`,
  tutorGroup: sql`excluded.tutor_group`,
  senStatus: sql`excluded.sen_status`,
  ethnicity: sql`excluded.ethnicity`,
  religion: sql`excluded.religion`,
  pupilPremium: sql`excluded.pupil_premium`,
  eal: sql`excluded.eal`,
  freeSchoolMeals: sql`excluded.free_school_meals`,
  lookedAfter: sql`excluded.looked_after`,
  medicalConditions: sql`excluded.medical_conditions`,
  startDate: sql`excluded.start_date`,
  leavingDate: sql`excluded.leaving_date`,
  searchKey: sql`excluded.search_key`,
  misRowHash: sql`excluded.mis_row_hash`,
  archivedAt: sql`excluded.archived_at`,
  archivedReason: sql`excluded.archived_reason`,
  updatedAt: sql`excluded.updated_at`,
};

/** The columns a pupil row may keep as stored, by the upsert's key for them. */
const KEPT_KEYS: Record<string, keyof typeof UPSERT_SET> = {
  gender: 'gender',
  year_group: 'yearGroup',
  tutor_group: 'tutorGroup',
  ethnicity: 'ethnicity',
  religion: 'religion',
  medical_conditions: 'medicalConditions',
};

export async function importStudents(env: ImportEnv, file: BundleFile): Promise<Roll> {
  const { tx, schoolId, report } = env;
  const counts = report.file(FILE);
  // skipped: mis_ids named by a row not imported; their pupils are left as they are.
  const read = await rowsByMisId(file, report, (get, line) => parseRow(env, get, line));
  const { rows: byMisId, skipped } = read;
  if (counts.rows === 0)
    throw new BundleRefused(
      'students.csv lists no pupils. An empty roll would archive every pupil, so nothing was imported.',
    );

  const existing = await tx
    .select({
      id: students.id,
      misId: students.misId,
      hash: students.misRowHash,
      upnHash: students.upnHash,
      archivedAt: students.archivedAt,
      archivedReason: students.archivedReason,
    })
    .from(students)
    .where(eq(students.schoolId, schoolId));
  const existingByMisId = new Map(existing.map((e) => [e.misId, e]));

  const idByMisId = new Map<string, string>();
  const upserts: { values: typeof students.$inferInsert; kept: ReadonlySet<string> }[] = [];
  for (const row of byMisId.values()) {
    const old = existingByMisId.get(row.misId);
    const hash = hashOf(row);
    const hashedUpn = upnHash(row.upn);
    const left = row.leavingDate !== null && row.leavingDate < env.today;
    const id = old?.id ?? randomUUID();
    idByMisId.set(row.misId, id);
    let archivedAt: Date | null = null;
    let archivedReason: 'left' | 'missing' | null = null;
    if (left) {
      archivedAt = old?.archivedAt ?? env.now;
      archivedReason = 'left';
    }
    if (old) {
      const stateSame = (old.archivedAt === null) === (archivedAt === null) && old.archivedReason === archivedReason;
      // A pupil imported before UPN hashes (or under another secret) gets theirs on the next run.
      if (old.hash === hash && stateSame && old.upnHash === hashedUpn) {
        counts.unchanged++;
        continue;
      }
      if (old.archivedAt === null && archivedAt !== null) counts.archived++;
      else if (old.archivedAt !== null && archivedAt === null) counts.restored++;
      else counts.updated++;
    } else {
      counts.added++;
    }
    const { line: _line, kept, ...fields } = row;
    upserts.push({
      values: {
        ...fields,
        upnHash: hashedUpn,
        schoolId,
        id,
        searchKey: studentSearchKey(row),
        misRowHash: hash,
        archivedAt,
        archivedReason,
        createdAt: env.now,
        updatedAt: env.now,
      },
      kept,
    });
  }

  await upsertByKept(upserts, UPSERT_SET, KEPT_KEYS, (batch, set) =>
    tx
      .insert(students)
      .values(batch)
      .onConflictDoUpdate({ target: [students.schoolId, students.misId], set }),
  );

  // On the roll before, not in this file, and not behind a skipped or unreadable row: archived as missing.
  const missing = missingIds(existing, read, report, FILE, ['pupil', 'pupils']);
  for (const batch of chunks(missing)) {
    await tx
      .update(students)
      .set({ archivedAt: env.now, archivedReason: 'missing', updatedAt: env.now })
      .where(and(eq(students.schoolId, schoolId), inArray(students.id, batch), isNull(students.archivedAt)));
  }
  counts.archived += missing.length;

  const skippedWithoutRecord = new Set<string>();
  for (const misId of skipped) {
    const old = existingByMisId.get(misId);
    if (old) idByMisId.set(misId, old.id);
    else skippedWithoutRecord.add(misId);
  }
  return { idByMisId, imported: new Set(byMisId.keys()), skippedWithoutRecord };
}

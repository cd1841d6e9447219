/**
 * attendance.csv: marks upserted per pupil, date and session. The largest
 * file by far (a secondary school's year is ~760,000 marks), so it is
 * streamed twice and never held in memory:
 *
 * 1. validate every row, and fold each pupil's valid marks into an
 *    order-independent digest (./hash.ts);
 * 2. write only the marks of pupils whose digest differs from the one stored
 *    at their last import, in batches of a few thousand rows through
 *    `unnest` (one statement per batch, a row is written only if its code
 *    changed), then store the new digests.
 *
 * An identical re-import therefore reads the file twice and writes nothing.
 * Marks for one pupil, date and session that appear more than once are all
 * skipped: which of them is right cannot be known.
 */
import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db/scoped';
import { students } from '@/db/schema';
import { lookupAttendanceCode } from '@/lib/mis/codes';
import type { BundleFile } from './bundle';
import { unknownPupilReason } from './contacts';
import { chunks, type ImportEnv, type Roll } from './env';
import * as f from './fields';
import { MarksDigest } from './hash';
import { RunReport } from './issues';
import { records } from './read-file';

const FILE = 'attendance' as const;
/** Marks per upsert statement. */
export const MARK_BATCH = 5_000;

/** A number for (date, session), unique per pupil: yyyymmdd * 2 + (PM ? 1 : 0). */
const markKey = (date: string, session: 'AM' | 'PM') => Number(date.slice(0, 4) + date.slice(5, 7) + date.slice(8, 10)) * 2 + (session === 'PM' ? 1 : 0);

interface Mark {
  studentId: string;
  date: string;
  session: 'AM' | 'PM';
  code: string;
}

/** One row → a mark, or its problems reported (and null). */
function parseMark(env: ImportEnv, roll: Roll, get: (c: string) => string, line: number, report: boolean): Mark | null {
  const problems: { column: string; reason: string }[] = [];
  const misId = get('student_mis_id').trim();
  let studentId: string | undefined;
  if (misId === '') problems.push({ column: 'student_mis_id', reason: 'a value is required' });
  else {
    const unknown = unknownPupilReason(roll, misId);
    if (unknown) problems.push({ column: 'student_mis_id', reason: unknown });
    else studentId = roll.idByMisId.get(misId);
  }
  const date = f.requiredDate(get('date'));
  if (!date.ok) problems.push({ column: 'date', reason: date.reason });
  const session = f.session(get('session'));
  if (!session.ok) problems.push({ column: 'session', reason: session.reason });
  const rawCode = get('code').trim();
  let code: string | null = null;
  if (rawCode === '') problems.push({ column: 'code', reason: 'a code is required' });
  else if (date.ok) {
    const known = lookupAttendanceCode(rawCode, date.value);
    if (known) code = known.code;
    else {
      problems.push({
        column: 'code',
        reason: `"${f.clip(rawCode)}" is not an attendance code${['H', 'F', 'J', 'Y'].includes(rawCode.toUpperCase()) ? ' for a mark dated on or after 2024-08-19 (it was retired then)' : ''}`,
      });
    }
  }
  if (problems.length > 0 || !studentId || !date.ok || !session.ok || code === null) {
    if (report) for (const p of problems) env.report.error(FILE, line, p.column, p.reason);
    return null;
  }
  return { studentId, date: date.value, session: session.value, code };
}

export async function importAttendance(env: ImportEnv, file: BundleFile, roll: Roll): Promise<void> {
  const { tx, schoolId, report } = env;
  const counts = report.file(FILE);

  // Pass 1: validate, find duplicates, digest each pupil's marks.
  const digests = new Map<string, MarksDigest>();
  const seen = new Map<string, Set<number>>();
  const duplicates = new Map<string, Set<number>>();
  let valid = 0;
  let laterDuplicates = 0;
  for await (const r of records(file, report)) {
    const mark = parseMark(env, roll, r.get, r.line, true);
    if (!mark) continue;
    valid++;
    const key = markKey(mark.date, mark.session);
    let keys = seen.get(mark.studentId);
    if (!keys) seen.set(mark.studentId, (keys = new Set()));
    if (keys.has(key)) {
      let dup = duplicates.get(mark.studentId);
      if (!dup) duplicates.set(mark.studentId, (dup = new Set()));
      dup.add(key);
      laterDuplicates++;
      report.error(FILE, r.line, 'date', `a mark for this pupil on ${mark.date} ${mark.session} appears earlier in the file too; none of these marks was imported`);
    } else keys.add(key);
    let d = digests.get(mark.studentId);
    if (!d) digests.set(mark.studentId, (d = new MarksDigest()));
    d.add(mark.date, mark.session, mark.code);
  }
  seen.clear();

  const stored = rowsOf<{ id: string; digest: string | null }>(
    await tx.execute(sql`select id, attendance_digest as digest from students where school_id = ${schoolId} and attendance_digest is not null`),
  );
  const storedDigest = new Map(stored.map((s) => [s.id, s.digest]));
  const changed = new Map<string, string>();
  for (const [studentId, d] of digests) {
    const digest = d.toString();
    if (storedDigest.get(studentId) !== digest) changed.set(studentId, digest);
  }
  digests.clear();

  // Pass 2: write the marks of pupils whose marks changed.
  let added = 0;
  let updated = 0;
  if (changed.size > 0) {
    const batch: Mark[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const res = rowsOf<{ added: number; updated: number }>(
        await tx.execute(sql`
          with ins as (
            insert into attendance_marks (school_id, student_id, date, session, code)
            select ${schoolId}::uuid, t.student_id, t.date, t.session, t.code
            from unnest(${sql.param(batch.map((m) => m.studentId))}::uuid[], ${sql.param(batch.map((m) => m.date))}::date[],
                        ${sql.param(batch.map((m) => m.session))}::text[], ${sql.param(batch.map((m) => m.code))}::text[])
                 as t(student_id, date, session, code)
            on conflict (school_id, student_id, date, session)
              do update set code = excluded.code where attendance_marks.code is distinct from excluded.code
            returning (xmax = 0) as inserted)
          select (count(*) filter (where inserted))::int as added, (count(*) filter (where not inserted))::int as updated from ins`),
      );
      added += res[0]?.added ?? 0;
      updated += res[0]?.updated ?? 0;
      batch.length = 0;
    };
    for await (const r of readQuietly(file)) {
      const mark = parseMark(env, roll, r.get, r.line, false);
      if (!mark || !changed.has(mark.studentId)) continue;
      if (duplicates.get(mark.studentId)?.has(markKey(mark.date, mark.session))) continue;
      batch.push(mark);
      if (batch.length >= MARK_BATCH) await flush();
    }
    await flush();
    const entries = [...changed];
    for (const part of chunks(entries, MARK_BATCH)) {
      await tx.execute(sql`
        update ${students} s set attendance_digest = v.digest
        from unnest(${sql.param(part.map((e) => e[0]))}::uuid[], ${sql.param(part.map((e) => e[1]))}::text[]) as v(id, digest)
        where s.school_id = ${schoolId} and s.id = v.id`);
    }
  }
  // Every occurrence of a duplicated mark was skipped: the first ones counted as valid, the later ones as errors.
  const skippedFirsts = [...duplicates.values()].reduce((n, s) => n + s.size, 0);
  counts.added += added;
  counts.updated += updated;
  counts.unchanged += Math.max(0, valid - laterDuplicates - skippedFirsts - added - updated);
}

/** The second pass reads the same rows; their problems were reported by the first. */
function readQuietly(file: BundleFile) {
  return records(file, new RunReport());
}

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
import 'server-only';
import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db/scoped';
import { students } from '@/db/schema';
import { lookupAttendanceCode } from '@/lib/attendance/codes';
import type { BundleFile } from './bundle';
import type { CsvRecord } from './csv';
import { unknownPupilReason } from './contacts';
import { chunks, type ImportEnv, type Roll } from './env';
import * as f from './fields';
import { MarksDigest } from './hash';
import { RunReport } from './issues';
import { COLUMN_LIMITS, isLongerThan, tooLongReason } from './limits';
import { recordBatches } from './read-file';

const FILE = 'attendance' as const;
/** Marks per upsert statement. */
export const MARK_BATCH = 5_000;

/**
 * Which (date, session) marks a pupil already has, as one 31-bit mask per
 * month and session: a year of marks for 2,000 pupils takes under 1 MB, where
 * a set of keys would take tens.
 */
class MarksSeen {
  private readonly masks = new Map<string, Map<number, number>>();

  /** Records the mark; false when it was already there. */
  add(studentId: string, date: string, session: 'AM' | 'PM'): boolean {
    let months = this.masks.get(studentId);
    if (!months) this.masks.set(studentId, (months = new Map()));
    const key = slotKey(date, session);
    const bit = slotBit(date);
    const mask = months.get(key) ?? 0;
    if (mask & bit) return false;
    months.set(key, mask | bit);
    return true;
  }

  has(studentId: string, date: string, session: 'AM' | 'PM'): boolean {
    return ((this.masks.get(studentId)?.get(slotKey(date, session)) ?? 0) & slotBit(date)) !== 0;
  }

  get size(): number {
    let n = 0;
    for (const months of this.masks.values()) for (const mask of months.values()) for (let m = mask; m; m &= m - 1) n++;
    return n;
  }
}

/** The month and session of a valid YYYY-MM-DD date, as one number. */
const slotKey = (date: string, session: 'AM' | 'PM'): number =>
  (Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7))) * 2 + (session === 'PM' ? 1 : 0);
/** The day of the month, as one bit. */
const slotBit = (date: string): number => 1 << (Number(date.slice(8, 10)) - 1);

interface Mark {
  studentId: string;
  date: string;
  session: 'AM' | 'PM';
  code: string;
}

/**
 * One row → a mark, or its problems reported (and null). Nearly every row of
 * a real file is a clean mark, so that case is taken first without building
 * anything but the mark; any other row goes through the field rules, which
 * give the same mark for a valid row (spaces, lower case, retired codes) and
 * the reasons for an invalid one.
 */
function parseMark(env: ImportEnv, roll: Roll, r: CsvRecord, report: boolean): Mark | null {
  const studentId = roll.idByMisId.get(r.get('student_mis_id'));
  const date = r.get('date');
  const session = r.get('session');
  if (studentId !== undefined && (session === 'AM' || session === 'PM') && f.isIsoDate(date)) {
    const known = lookupAttendanceCode(r.get('code'), date);
    if (known) return { studentId, date, session, code: known.code };
  }
  return checkMark(env, roll, r, report);
}

function checkMark(env: ImportEnv, roll: Roll, r: CsvRecord, report: boolean): Mark | null {
  const problems: { column: string; reason: string }[] = [];
  const misId = r.get('student_mis_id').trim();
  let studentId: string | undefined;
  if (misId === '') problems.push({ column: 'student_mis_id', reason: 'a value is required' });
  else if (isLongerThan(misId, COLUMN_LIMITS.attendance.student_mis_id.max)) {
    problems.push({
      column: 'student_mis_id',
      reason: tooLongReason(COLUMN_LIMITS.attendance.student_mis_id.max, 'skip-row'),
    });
  } else {
    const unknown = unknownPupilReason(roll, misId);
    if (unknown) problems.push({ column: 'student_mis_id', reason: unknown });
    else studentId = roll.idByMisId.get(misId);
  }
  const date = f.requiredDate(r.get('date'));
  if (!date.ok) problems.push({ column: 'date', reason: date.reason });
  const session = f.session(r.get('session'));
  if (!session.ok) problems.push({ column: 'session', reason: session.reason });
  const rawCode = r.get('code').trim();
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
    if (report) for (const p of problems) env.report.error(FILE, r.line, p.column, p.reason);
    return null;
  }
  return { studentId, date: date.value, session: session.value, code };
}

export async function importAttendance(env: ImportEnv, file: BundleFile, roll: Roll): Promise<void> {
  const { tx, schoolId, report } = env;
  const counts = report.file(FILE);

  // Pass 1: validate, find duplicates, digest each pupil's marks.
  const digests = new Map<string, MarksDigest>();
  let seen: MarksSeen | null = new MarksSeen();
  const duplicates = new MarksSeen();
  let valid = 0;
  let laterDuplicates = 0;
  for await (const batch of recordBatches(file, report))
    for (const r of batch) {
      const mark = parseMark(env, roll, r, true);
      if (!mark) continue;
      valid++;
      if (!seen.add(mark.studentId, mark.date, mark.session)) {
        duplicates.add(mark.studentId, mark.date, mark.session);
        laterDuplicates++;
        report.error(
          FILE,
          r.line,
          'date',
          `a mark for this pupil on ${mark.date} ${mark.session} appears earlier in the file too; none of these marks was imported`,
        );
      }
      let d = digests.get(mark.studentId);
      if (!d) digests.set(mark.studentId, (d = new MarksDigest()));
      d.add(mark.date, mark.session, mark.code);
    }
  seen = null;

  const stored = rowsOf<{ id: string; digest: string | null }>(
    await tx.execute(
      sql`select id, attendance_digest as digest from students where school_id = ${schoolId} and attendance_digest is not null`,
    ),
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
    // The batch waits in memory while each statement runs, so it holds only
    // strings that live for the whole import (the pupil's id, one string per
    // date, the sessions and codes as constants): what it held of the parsed
    // rows was otherwise copied into the old generation at every statement,
    // tens of megabytes of a year's import that only a full collection frees.
    const ids: string[] = [];
    const dates: string[] = [];
    const sessions: ('AM' | 'PM')[] = [];
    const codes: string[] = [];
    const dateOnce = new Map<string, string>();
    const flush = async () => {
      if (ids.length === 0) return;
      const res = rowsOf<{ added: number; updated: number }>(
        await tx.execute(sql`
          with ins as (
            insert into attendance_marks (school_id, student_id, date, session, code)
            select ${schoolId}::uuid, t.student_id, t.date, t.session, t.code
            from unnest(${sql.param(ids)}::uuid[], ${sql.param(dates)}::date[], ${sql.param(sessions)}::text[], ${sql.param(codes)}::text[])
                 as t(student_id, date, session, code)
            on conflict (school_id, student_id, date, session)
              do update set code = excluded.code where attendance_marks.code is distinct from excluded.code
            returning (xmax = 0) as inserted)
          select (count(*) filter (where inserted))::int as added, (count(*) filter (where not inserted))::int as updated from ins`),
      );
      added += res[0]?.added ?? 0;
      updated += res[0]?.updated ?? 0;
      ids.length = dates.length = sessions.length = codes.length = 0;
    };
    for await (const records of readQuietly(file)) {
      for (const r of records) {
        const mark = parseMark(env, roll, r, false);
        if (!mark || !changed.has(mark.studentId)) continue;
        if (duplicates.has(mark.studentId, mark.date, mark.session)) continue;
        let date = dateOnce.get(mark.date);
        if (date === undefined) dateOnce.set(mark.date, (date = mark.date));
        ids.push(mark.studentId);
        dates.push(date);
        sessions.push(mark.session === 'AM' ? 'AM' : 'PM');
        codes.push(mark.code);
      }
      if (ids.length >= MARK_BATCH) await flush();
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
  const skippedFirsts = duplicates.size;
  counts.added += added;
  counts.updated += updated;
  counts.unchanged += Math.max(0, valid - laterDuplicates - skippedFirsts - added - updated);
}

/** The second pass reads the same rows; their problems were reported by the first. */
function readQuietly(file: BundleFile) {
  return recordBatches(file, new RunReport());
}

/**
 * What the importer takes from a value: at most its column's documented
 * length (lib/mis/import/limits.ts, docs/mis-import-limits.md), and only
 * UTF-8 text.
 *
 * - A detail too long (the 50 MB medical_conditions that once made a 157 MB
 *   profile page) is a row error with file, line and column; the rest of the
 *   row is imported and the pupil keeps what was stored.
 * - An identifier or a name too long skips its row, and the record behind it
 *   is left as it was.
 * - A file that is not UTF-8 (Latin-1, with or without a byte-order mark, or
 *   UTF-16) is refused whole, naming the file and the first bad line, and
 *   nothing of the bundle is imported.
 */
import fs from 'node:fs';
import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool } from '../support/identity';
import { readSample, replaceLine, sampleBundle, SAMPLE_DIR } from '../support/bundles';
import { inSchool } from '@/db/scoped';
import { attendanceMarks, importRowErrors, importRuns, misStaff, studentContacts, students } from '@/db/schema';
import { importFromPath } from '@/lib/mis/service';
import type { School } from '@/lib/tenancy/context';

withTestDatabase();

const NOW = new Date('2025-11-20T12:00:00Z');
const S1002 =
  'S1002,W820200125002,Oluwaseun,Adeyemi,Seun,,2013-07-02,Male,Year 7,7A,K,Black - African,Christian,Y,Y,Y,N,Asthma,2024-09-04,';

async function snapshot(school: School) {
  return inSchool(school.id, async (tx) => ({
    students: await tx.select().from(students).where(eq(students.schoolId, school.id)).orderBy(asc(students.misId)),
    staff: await tx.select().from(misStaff).where(eq(misStaff.schoolId, school.id)).orderBy(asc(misStaff.misId)),
    contacts: await tx
      .select()
      .from(studentContacts)
      .where(eq(studentContacts.schoolId, school.id))
      .orderBy(asc(studentContacts.id)),
    marks: await tx
      .select()
      .from(attendanceMarks)
      .where(eq(attendanceMarks.schoolId, school.id))
      .orderBy(asc(attendanceMarks.studentId), asc(attendanceMarks.date), asc(attendanceMarks.session)),
  }));
}

async function pupil(school: School, misId: string) {
  const rows = await inSchool(school.id, (tx) =>
    tx
      .select()
      .from(students)
      .where(and(eq(students.schoolId, school.id), eq(students.misId, misId))),
  );
  return rows[0];
}

async function issuesOf(school: School, runId: string) {
  return inSchool(school.id, (tx) =>
    tx
      .select({
        severity: importRowErrors.severity,
        file: importRowErrors.file,
        line: importRowErrors.line,
        column: importRowErrors.column,
        reason: importRowErrors.reason,
      })
      .from(importRowErrors)
      .where(and(eq(importRowErrors.schoolId, school.id), eq(importRowErrors.runId, runId)))
      .orderBy(asc(importRowErrors.line)),
  );
}

async function imported(school: School, edit: Partial<Record<string, string | null>>) {
  const outcome = await importFromPath(school, sampleBundle(edit), NOW);
  expect(outcome.status, outcome.status === 'failed' ? outcome.reason : '').toBe('succeeded');
  if (outcome.status !== 'succeeded') throw new Error('not imported');
  return outcome;
}

describe('values longer than their column takes', () => {
  let school: School;
  beforeAll(async () => {
    school = await makeSchool('long-values');
    await imported(school, {});
  });

  it('a 50 MB medical_conditions is an error on its line and column; the rest of the row is imported and the stored conditions kept', async () => {
    const huge = 'Asthma; '.repeat((50 * 1024 * 1024) / 8);
    const row = S1002.replace('Year 7,7A', 'Year 7,7Z').replace(',Asthma,', `,"${huge}",`);
    const outcome = await imported(school, { 'students.csv': replaceLine(readSample('students.csv'), 3, row) });
    expect(await issuesOf(school, outcome.runId)).toEqual([
      {
        severity: 'error',
        file: 'students.csv',
        line: 3,
        column: 'medical_conditions',
        reason:
          'longer than the 4,000 characters Haven takes for this column; the rest of the row was imported and the value stored before (if any) was kept',
      },
    ]);
    expect(outcome.counts.files['students.csv']).toMatchObject({ rows: 10, updated: 1, errors: 1 });
    const seun = await pupil(school, 'S1002');
    expect(seun).toMatchObject({ tutorGroup: '7Z', medicalConditions: ['Asthma'] });

    // The same file again: reported again, nothing written; the MIS's correction is then taken.
    const again = await imported(school, { 'students.csv': replaceLine(readSample('students.csv'), 3, row) });
    expect(again.counts.files['students.csv']).toMatchObject({ updated: 0, unchanged: 10, errors: 1 });
    expect((await pupil(school, 'S1002'))!.updatedAt).toEqual(seun!.updatedAt);
    await imported(school, {
      'students.csv': replaceLine(readSample('students.csv'), 3, S1002.replace(',Asthma,', ',Asthma; Eczema,')),
    });
    expect(await pupil(school, 'S1002')).toMatchObject({ tutorGroup: '7A', medicalConditions: ['Asthma', 'Eczema'] });
  });

  it('a new pupil with a detail too long is added without it', async () => {
    const row = `S1099,,Ada,Lovelace,,,2013-01-01,${'F'.repeat(51)},Year 7,7A,N,,,N,N,N,N,,2024-09-04,`;
    const outcome = await imported(school, { 'students.csv': `${readSample('students.csv').trimEnd()}\n${row}\n` });
    expect(await issuesOf(school, outcome.runId)).toEqual([
      expect.objectContaining({ file: 'students.csv', line: 12, column: 'gender' }),
    ]);
    expect(await pupil(school, 'S1099')).toMatchObject({ legalForename: 'Ada', gender: null, archivedAt: null });
  });

  it('a name or an id too long skips its row, and the pupil behind it is left as it was (not archived)', async () => {
    const before = await pupil(school, 'S1002');
    const row = S1002.replace('Oluwaseun', 'O'.repeat(101)).replace('Year 7,7A', 'Year 7,7Q');
    const outcome = await imported(school, { 'students.csv': replaceLine(readSample('students.csv'), 3, row) });
    const issues = await issuesOf(school, outcome.runId);
    expect(issues).toContainEqual({
      severity: 'error',
      file: 'students.csv',
      line: 3,
      column: 'legal_forename',
      reason: 'longer than the 100 characters Haven takes for this column; the row was not imported',
    });
    expect(await pupil(school, 'S1002')).toEqual(before);
    // An id of 65 characters is no id: its marks are refused too.
    const marks = `${readSample('attendance.csv').trimEnd()}\n${'S'.repeat(65)},2025-11-03,AM,/\n`;
    const withMarks = await imported(school, { 'attendance.csv': marks });
    expect(await issuesOf(school, withMarks.runId)).toContainEqual(
      expect.objectContaining({
        file: 'attendance.csv',
        line: 202,
        column: 'student_mis_id',
        reason: expect.stringContaining('longer than the 64 characters'),
      }),
    );
  });

  it('contacts and staff: a long address or job title keeps the stored one; a long contact name skips the row', async () => {
    const contacts = readSample('contacts.csv')
      .replace('"4 Park Road, Skipton, BD23 2BB"', `"${'4 Park Road, '.repeat(50)}"`)
      .replace('S1004,C504,Ms,Jane,Doe', `S1004,C504,Ms,Jane,${'D'.repeat(101)}`);
    const staff = readSample('staff.csv')
      .replace('Teacher of Maths', 'Teacher of Maths'.repeat(10))
      .replace('Teaching Assistant', 'Senior Teaching Assistant');
    const outcome = await imported(school, { 'contacts.csv': contacts, 'staff.csv': staff });
    const issues = await issuesOf(school, outcome.runId);
    expect(issues.map((i) => [i.file, i.line, i.column])).toEqual(
      expect.arrayContaining([
        ['contacts.csv', 5, 'address'],
        ['contacts.csv', 8, 'surname'],
        ['staff.csv', 5, 'job_title'],
      ]),
    );
    const { contacts: stored, staff: people } = await snapshot(school);
    expect(stored.find((c) => c.misContactId === 'C502')!.address).toBe('4 Park Road, Skipton, BD23 2BB');
    expect(stored.find((c) => c.misContactId === 'C504')).toMatchObject({ surname: 'Doe', removedAt: null });
    expect(people.find((p) => p.misId === 'T04')!.jobTitle).toBe('Teacher of Maths');
    expect(people.find((p) => p.misId === 'T05')!.jobTitle).toBe('Senior Teaching Assistant');
  });
});

describe('files that are not UTF-8', () => {
  let school: School;
  beforeAll(async () => {
    school = await makeSchool('encodings');
    await imported(school, {});
  });

  const latin1 = (text: string) => Buffer.from(text, 'latin1');

  async function refused(files: Record<string, Buffer>): Promise<string> {
    const before = await snapshot(school);
    const dir = sampleBundle({});
    for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), bytes);
    const outcome = await importFromPath(school, dir, NOW);
    expect(outcome.status).toBe('failed');
    if (outcome.status !== 'failed') return '';
    const run = await inSchool(school.id, (tx) =>
      tx
        .select()
        .from(importRuns)
        .where(and(eq(importRuns.schoolId, school.id), eq(importRuns.id, outcome.runId))),
    );
    expect(run[0]).toMatchObject({ status: 'failed', failureReason: outcome.reason });
    expect(await snapshot(school)).toEqual(before);
    return outcome.reason;
  }

  it('refuses a Latin-1 students.csv whole, naming the file and the first line that is not UTF-8', async () => {
    // Zoë on line 2 is "Zo\xEB" in Latin-1; the edit on line 3 must not be imported either.
    const text = replaceLine(readSample('students.csv'), 3, S1002.replace('Seun', 'Seun-Latin'));
    const reason = await refused({ 'students.csv': latin1(text) });
    expect(reason).toBe(
      'students.csv is not UTF-8 text, so nothing was imported: line 2 has a byte that is not UTF-8 (0xEB, which is "ë" in Windows-1252 or Latin-1). Save the file as UTF-8 ("CSV UTF-8" in Excel) and import it again.',
    );
    expect((await pupil(school, 'S1001'))!.legalForename).toBe('Zoë');
  });

  it('refuses it with a byte-order mark too, and counts CRLF lines as an editor does', async () => {
    const ascii = readSample('students.csv')
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/\n/g, '\r\n');
    const lines = ascii.split('\r\n');
    lines[6] = lines[6]!.replace(/,Year/, '\u00e9,Year'); // line 7
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), latin1(lines.join('\r\n'))]);
    expect(await refused({ 'students.csv': bytes })).toMatch(
      /^students\.csv is not UTF-8 text, so nothing was imported: line 7 has a byte/,
    );
  });

  it('refuses a bad byte deep in attendance.csv after the pupils were read, and the pupils’ changes roll back with it', async () => {
    const students = replaceLine(readSample('students.csv'), 3, S1002.replace('Year 7,7A', 'Year 7,7Z'));
    const marks = readSample('attendance.csv').split('\n');
    marks[179] = `${marks[179]}\u00a0`; // line 180, with a Latin-1 no-break space
    const reason = await refused({ 'students.csv': Buffer.from(students), 'attendance.csv': latin1(marks.join('\n')) });
    expect(reason).toMatch(/^attendance\.csv is not UTF-8 text, so nothing was imported: line 180 /);
    expect((await pupil(school, 'S1002'))!.tutorGroup).toBe('7A');
  });

  it('names UTF-16 ("Unicode text") as such', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(readSample('staff.csv'), 'utf16le')]);
    expect(await refused({ 'staff.csv': bytes })).toBe(
      'staff.csv is saved as UTF-16 ("Unicode text"), not UTF-8, so nothing was imported. Save it as UTF-8 ("CSV UTF-8" in Excel) and import it again.',
    );
  });

  it('still imports the sample as it is (UTF-8, accents included)', async () => {
    const outcome = await importFromPath(school, SAMPLE_DIR, NOW);
    expect(outcome.status).toBe('succeeded');
  });
});

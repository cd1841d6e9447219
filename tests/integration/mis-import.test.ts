/**
 * The importer against a real database, on the format's sample bundle: what
 * a first import stores, that a second changes nothing, row errors that skip
 * only their row, bundle errors that change nothing, archive and restore,
 * hand-made links and contacts that survive, and staff deactivation.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { readSample, replaceLine, sampleBundle, SAMPLE_DIR } from '../support/bundles';
import { privileged } from '@/db/privileged';
import { inSchool } from '@/db/scoped';
import {
  attendanceMarks,
  auditLog,
  importRowErrors,
  importRuns,
  memberships,
  misStaff,
  schools,
  sessions,
  studentContacts,
  studentLinks,
  students,
} from '@/db/schema';
import { resolveSession } from '@/lib/auth/sessions';
import { importFromPath } from '@/lib/mis/service';
import { findSchoolBySlug } from '@/lib/schools/queries';
import type { School } from '@/lib/tenancy/context';

withTestDatabase();

const NOW = new Date('2025-11-20T12:00:00Z');
const LATER = new Date('2025-11-21T12:00:00Z');

async function pupils(school: School) {
  return inSchool(school.id, (tx) =>
    tx
      .select({
        id: students.id,
        misId: students.misId,
        upn: students.upn,
        legalForename: students.legalForename,
        preferredForename: students.preferredForename,
        archivedAt: students.archivedAt,
        archivedReason: students.archivedReason,
        updatedAt: students.updatedAt,
        tutorGroup: students.tutorGroup,
        searchKey: students.searchKey,
        medical: students.medicalConditions,
      })
      .from(students)
      .where(eq(students.schoolId, school.id))
      .orderBy(asc(students.misId)),
  );
}

async function snapshot(school: School) {
  return inSchool(school.id, async (tx) => ({
    students: await tx.select().from(students).where(eq(students.schoolId, school.id)).orderBy(asc(students.misId)),
    staff: await tx.select().from(misStaff).where(eq(misStaff.schoolId, school.id)).orderBy(asc(misStaff.misId)),
    contacts: await tx
      .select()
      .from(studentContacts)
      .where(eq(studentContacts.schoolId, school.id))
      .orderBy(asc(studentContacts.id)),
    links: await tx
      .select()
      .from(studentLinks)
      .where(eq(studentLinks.schoolId, school.id))
      .orderBy(asc(studentLinks.id)),
    marks: await tx
      .select()
      .from(attendanceMarks)
      .where(eq(attendanceMarks.schoolId, school.id))
      .orderBy(asc(attendanceMarks.studentId), asc(attendanceMarks.date), asc(attendanceMarks.session)),
  }));
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

async function idOf(school: School, misId: string): Promise<string> {
  const rows = await inSchool(school.id, (tx) =>
    tx
      .select({ id: students.id })
      .from(students)
      .where(and(eq(students.schoolId, school.id), eq(students.misId, misId))),
  );
  return rows[0]!.id;
}

describe('importing the sample bundle into a fresh school', () => {
  let school: School;
  let firstRunId: string;

  beforeAll(async () => {
    school = await makeSchool('sample-school');
    const outcome = await importFromPath(school, SAMPLE_DIR, NOW);
    expect(outcome.status).toBe('succeeded');
    if (outcome.status !== 'succeeded') return;
    firstRunId = outcome.runId;
  });

  it('stores exactly its 10 pupils, with legal and preferred names, UPNs and flags', async () => {
    const rows = await pupils(school);
    expect(rows.map((r) => r.misId)).toEqual([
      'S1001',
      'S1002',
      'S1003',
      'S1004',
      'S1005',
      'S1006',
      'S1007',
      'S1008',
      'S1009',
      'S1010',
    ]);
    const zoe = rows.find((r) => r.misId === 'S1001')!;
    expect(zoe).toMatchObject({
      legalForename: 'Zoë',
      preferredForename: 'Zoë',
      upn: 'G820200125001',
      tutorGroup: '7A',
      archivedAt: null,
      searchKey: 'zoe obrien',
    });
    const seun = rows.find((r) => r.misId === 'S1002')!;
    expect(seun).toMatchObject({ legalForename: 'Oluwaseun', preferredForename: 'Seun', medical: ['Asthma'] });
    expect(rows.find((r) => r.misId === 'S1004')!.medical).toEqual(['Epilepsy', 'Nut allergy']);
    expect(rows.every((r) => r.archivedAt === null)).toBe(true);
  });

  it('stores its 6 staff', async () => {
    const { staff } = await snapshot(school);
    expect(staff.map((s) => `${s.misId} ${s.forename} ${s.surname} ${s.contract}`)).toEqual([
      'T01 Helen Carter full-time',
      'T02 David Okafor full-time',
      'T03 Laura Wild full-time',
      'T04 Tom Hughes full-time',
      'T05 Sue Clegg part-time',
      'T06 Ben Price full-time',
    ]);
  });

  it('stores the contacts, with a quoted address spanning three lines kept whole', async () => {
    const { contacts } = await snapshot(school);
    expect(contacts).toHaveLength(6);
    expect(contacts.every((c) => c.source === 'mis' && c.removedAt === null)).toBe(true);
    const aoife = contacts.find((c) => c.forename === 'Aoife')!;
    expect(aoife).toMatchObject({
      studentId: await idOf(school, 'S1001'),
      misContactId: 'C501',
      relationship: 'Mother',
      priority: 1,
      parentalResponsibility: true,
      livesWithStudent: true,
      phone: null,
      mobile: '07700 900101',
      address: '12 Mill Lane\nSkipton\nBD23 1AA',
    });
    const social = contacts.find((c) => c.forename === 'Jane')!;
    expect(social).toMatchObject({
      relationship: 'Social Worker',
      priority: 2,
      parentalResponsibility: false,
      livesWithStudent: false,
    });
  });

  it('links Amelia and Harry Smith as siblings, both ways, and nobody else', async () => {
    const { links } = await snapshot(school);
    const amelia = await idOf(school, 'S1006');
    const harry = await idOf(school, 'S1007');
    expect(links.map((l) => [l.studentId, l.linkedStudentId, l.source, l.relationship, l.removedAt]).sort()).toEqual(
      [
        [amelia, harry, 'mis', 'Sibling', null],
        [harry, amelia, 'mis', 'Sibling', null],
      ].sort(),
    );
  });

  it('stores its 200 marks with their codes', async () => {
    const { marks } = await snapshot(school);
    expect(marks).toHaveLength(200);
    const zoe = await idOf(school, 'S1001');
    expect(
      marks
        .filter((m) => m.studentId === zoe)
        .map((m) => `${m.date} ${m.session} ${m.code}`)
        .slice(0, 4),
    ).toEqual(['2025-11-03 AM /', '2025-11-03 PM \\', '2025-11-04 AM B', '2025-11-04 PM \\']);
  });

  it('records the run with its counts per file, and an audit row', async () => {
    const run = await inSchool(school.id, (tx) => tx.select().from(importRuns).where(eq(importRuns.id, firstRunId)));
    expect(run[0]).toMatchObject({ source: 'command', status: 'succeeded', failureReason: null });
    expect(run[0]!.finishedAt).not.toBeNull();
    const c = run[0]!.counts!;
    expect(c).toMatchObject({
      added: 10 + 6 + 6 + 200,
      updated: 0,
      archived: 0,
      restored: 0,
      errors: 0,
      warnings: 0,
      staffDeactivated: 0,
      siblingLinks: { added: 2, removed: 0 },
    });
    expect(c.files['students.csv']).toEqual({
      rows: 10,
      added: 10,
      updated: 0,
      unchanged: 0,
      archived: 0,
      restored: 0,
      errors: 0,
    });
    expect(c.files['attendance.csv']).toEqual({
      rows: 200,
      added: 200,
      updated: 0,
      unchanged: 0,
      archived: 0,
      restored: 0,
      errors: 0,
    });
    const audit = await inSchool(school.id, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'mis.import_run'), eq(auditLog.entityId, firstRunId))),
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: null, actorLabel: 'command', entityType: 'import_run' });
  });

  it('a second import of the same bundle changes nothing: counts zero but unchanged, rows and updated_at untouched', async () => {
    const before = await snapshot(school);
    const outcome = await importFromPath(school, SAMPLE_DIR, LATER);
    expect(outcome.status).toBe('succeeded');
    if (outcome.status !== 'succeeded') return;
    const c = outcome.counts;
    expect(c).toMatchObject({
      added: 0,
      updated: 0,
      archived: 0,
      restored: 0,
      errors: 0,
      warnings: 0,
      siblingLinks: { added: 0, removed: 0 },
    });
    expect(c.files['students.csv']).toMatchObject({ rows: 10, unchanged: 10 });
    expect(c.files['staff.csv']).toMatchObject({ rows: 6, unchanged: 6 });
    expect(c.files['contacts.csv']).toMatchObject({ rows: 6, unchanged: 6 });
    expect(c.files['attendance.csv']).toMatchObject({ rows: 200, unchanged: 200 });
    expect(await snapshot(school)).toEqual(before);
  });
});

describe('row errors and bundle errors', () => {
  it('a broken row is skipped and reported with file, line and column; every other row is imported', async () => {
    const school = await makeSchool('broken-row');
    let studentsCsv = readSample('students.csv');
    // Line 4 (S1003): a date the MIS wrote the British way.
    studentsCsv = replaceLine(
      studentsCsv,
      4,
      'S1003,K820200125003,Siobhán,Ní Bhriain,,,30/11/2012,Female,Year 8,8B,N,White - Irish,No religion,N,N,N,N,,2023-09-05,',
    );
    // Line 6 (S1005): a wrong UPN check letter — imported without the UPN, with a warning.
    studentsCsv = replaceLine(
      studentsCsv,
      6,
      'S1005,A820200126005,Jean-Luc,Dupont,,,2011-05-08,Male,Year 9,9C,N,White - Other,Christian,N,Y,N,N,,2022-09-06,',
    );
    let attendance = readSample('attendance.csv');
    attendance = replaceLine(attendance, 3, 'S1001,2025-11-03,PM,H'); // a code retired in August 2024
    attendance = replaceLine(attendance, 5, 'S9999,2025-11-04,PM,\\');
    const contacts = readSample('contacts.csv').replace(
      'S1002,C502,Mr,Tunde,Adeyemi,Father,1,Y,Y',
      'S1002,C502,Mr,Tunde,Adeyemi,Father,first,Y,Y',
    );
    const outcome = await importFromPath(
      school,
      sampleBundle({ 'students.csv': studentsCsv, 'attendance.csv': attendance, 'contacts.csv': contacts }),
      NOW,
    );
    expect(outcome.status).toBe('succeeded');
    if (outcome.status !== 'succeeded') return;
    const rows = await pupils(school);
    expect(rows.map((r) => r.misId)).toEqual([
      'S1001',
      'S1002',
      'S1004',
      'S1005',
      'S1006',
      'S1007',
      'S1008',
      'S1009',
      'S1010',
    ]);
    expect(rows.find((r) => r.misId === 'S1005')!.upn).toBeNull();
    const issues = await issuesOf(school, outcome.runId);
    expect(issues).toEqual(
      expect.arrayContaining([
        {
          severity: 'error',
          file: 'students.csv',
          line: 4,
          column: 'date_of_birth',
          reason: '"30/11/2012" is not a date written YYYY-MM-DD',
        },
        expect.objectContaining({ severity: 'warning', file: 'students.csv', line: 6, column: 'upn' }),
        expect.objectContaining({ severity: 'error', file: 'attendance.csv', line: 3, column: 'code' }),
        {
          severity: 'error',
          file: 'attendance.csv',
          line: 5,
          column: 'student_mis_id',
          reason: 'no pupil with mis_id "S9999" in students.csv',
        },
        // Contacts start with a three-line address on lines 2–4, so Tunde's row is on line 5.
        expect.objectContaining({ severity: 'error', file: 'contacts.csv', line: 5, column: 'priority' }),
      ]),
    );
    // S1003's marks are refused too: she was not imported.
    expect(issues.filter((i) => i.file === 'attendance.csv' && i.reason.includes('S1003'))).toHaveLength(20);
    expect(outcome.counts.errors).toBe(1 + 2 + 20 + 1);
    expect(outcome.counts.warnings).toBe(1);
    const { marks, contacts: stored } = await snapshot(school);
    expect(marks).toHaveLength(200 - 2 - 20);
    expect(stored.map((c) => c.misContactId).sort()).toEqual(['C501', 'C503', 'C503', 'C504', 'C505']);
  });

  it('marks written with spaces, in lower case or with a code retired since are stored as the clean marks, and the clean file then changes nothing', async () => {
    const school = await makeSchool('messy-marks');
    const clean = `${readSample('attendance.csv')}S1002,2024-06-10,PM,H\n`;
    let messy = replaceLine(clean, 2, ' S1001 , 2025-11-03 ,am, / ');
    messy = replaceLine(messy, 22, 'S1002,2025-11-03,Am,/ ');
    messy = replaceLine(messy, 202, 'S1002,2024-06-10,pm,h');
    const outcome = await importFromPath(school, sampleBundle({ 'attendance.csv': messy }), NOW);
    expect(outcome).toMatchObject({
      status: 'succeeded',
      counts: { errors: 0, files: { 'attendance.csv': { rows: 201, added: 201, errors: 0 } } },
    });
    const { marks } = await snapshot(school);
    const zoe = await idOf(school, 'S1001');
    const second = await idOf(school, 'S1002');
    expect(marks.find((m) => m.studentId === zoe && m.date === '2025-11-03' && m.session === 'AM')?.code).toBe('/');
    expect(marks.find((m) => m.studentId === second && m.date === '2025-11-03' && m.session === 'AM')?.code).toBe('/');
    expect(marks.find((m) => m.studentId === second && m.date === '2024-06-10')).toMatchObject({
      session: 'PM',
      code: 'H',
    });
    // The digest is of the marks as stored, so the clean file is the same file.
    const again = await importFromPath(school, sampleBundle({ 'attendance.csv': clean }), LATER);
    expect(again).toMatchObject({
      status: 'succeeded',
      counts: { files: { 'attendance.csv': { rows: 201, added: 0, updated: 0, unchanged: 201 } } },
    });
  });

  it('the existing record behind a skipped row is left exactly as it was, and not archived as missing', async () => {
    const school = await makeSchool('skipped-keeps');
    await importFromPath(school, SAMPLE_DIR, NOW);
    const before = (await snapshot(school)).students.find((s) => s.misId === 'S1003')!;
    const studentsCsv = replaceLine(
      readSample('students.csv'),
      4,
      'S1003,K820200125003,Siobhán,Ní Bhriain-Changed,,,2012-11-30,Female,Year 8,8B,X,White - Irish,No religion,N,N,N,N,,2023-09-05,',
    );
    const outcome = await importFromPath(school, sampleBundle({ 'students.csv': studentsCsv }), LATER);
    expect(outcome.status).toBe('succeeded');
    const after = (await snapshot(school)).students.find((s) => s.misId === 'S1003')!;
    expect(after).toEqual(before);
    // Her marks and contacts still import: she has a record.
    if (outcome.status === 'succeeded') expect(outcome.counts.files['attendance.csv']!.errors).toBe(0);
  });

  it('a line that cannot be tied to anyone holds every archive and removal of the run, and says so', async () => {
    const school = await makeSchool('unidentified-holds');
    await importFromPath(school, SAMPLE_DIR, NOW);
    const before = await snapshot(school);
    // Siobhán's line lost its commas and Grace left the file; so did a contact's and a member of staff's line.
    const studentsCsv = replaceLine(readSample('students.csv'), 4, 'S1003 Siobhán Ní Bhriain 2012-11-30')
      .split('\n')
      .filter((l) => !l.startsWith('S1010,'))
      .join('\n');
    const contactsCsv = readSample('contacts.csv').replace(/^S1002,C502,.*$/m, 'S1002 C502 Tunde Adeyemi');
    const staffCsv = readSample('staff.csv').replace(/^T02,.*$/m, 'T02 David Okafor');
    const bundle = sampleBundle({ 'students.csv': studentsCsv, 'contacts.csv': contactsCsv, 'staff.csv': staffCsv });
    const outcome = await importFromPath(school, bundle, LATER);
    expect(outcome.status).toBe('succeeded');
    const after = await snapshot(school);
    for (const misId of ['S1003', 'S1010'])
      expect(after.students.find((s) => s.misId === misId)).toEqual(before.students.find((s) => s.misId === misId));
    expect(after.staff.find((s) => s.misId === 'T02')?.archivedAt).toBeNull();
    expect(after.contacts.find((c) => c.misContactId === 'C502')?.removedAt).toBeNull();
    const warnings = (await issuesOf(school, outcome.runId!)).filter((i) => i.severity === 'warning');
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: 'students.csv',
          line: 4,
          reason:
            '2 pupils not in this file left as they were, not archived: line 4 could not be tied to anyone, and may have named them. Correct it and import again.',
        }),
        expect.objectContaining({
          file: 'staff.csv',
          reason: expect.stringMatching(/^1 staff record not in this file left as it was, not archived: line 3 /),
        }),
        expect.objectContaining({
          file: 'contacts.csv',
          reason: expect.stringMatching(/^1 contact not in this file kept, not removed: line \d+ could not be tied/),
        }),
      ]),
    );

    // The hold is for that run only: once every line reads, the pupil who left is archived as missing.
    const clean = readSample('students.csv')
      .split('\n')
      .filter((l) => !l.startsWith('S1010,'))
      .join('\n');
    await importFromPath(school, sampleBundle({ 'students.csv': clean }), new Date(LATER.getTime() + 86_400_000));
    const grace = (await snapshot(school)).students.find((s) => s.misId === 'S1010')!;
    expect(grace).toMatchObject({ archivedReason: 'missing' });
    expect(grace.archivedAt).toBeInstanceOf(Date);
  });

  it('a bundle missing a required column changes nothing and says why', async () => {
    const school = await makeSchool('missing-column');
    await importFromPath(school, SAMPLE_DIR, NOW);
    const before = await snapshot(school);
    const noDob = readSample('students.csv')
      .split('\n')
      .map((l) =>
        l
          .split(',')
          .filter((_, i) => i !== 6)
          .join(','),
      )
      .join('\n');
    const staffNoSurname = readSample('staff.csv').replace('surname', 'family_name');
    for (const [bundle, reason] of [
      [
        sampleBundle({ 'students.csv': noDob.replace('S1001', 'S1001X') }),
        'students.csv has no "date_of_birth" column (required). Nothing was imported.',
      ],
      [
        sampleBundle({ 'staff.csv': staffNoSurname }),
        'staff.csv has no "surname" column (required). Nothing was imported.',
      ],
      [sampleBundle({ 'students.csv': null }), 'The bundle has no students.csv (required). Nothing was imported.'],
    ] as const) {
      const outcome = await importFromPath(school, bundle, LATER);
      expect(outcome).toMatchObject({ status: 'failed', reason });
      const run = await inSchool(school.id, (tx) =>
        tx.select().from(importRuns).where(eq(importRuns.id, outcome.runId!)),
      );
      expect(run[0]).toMatchObject({ status: 'failed', failureReason: reason });
      expect(await snapshot(school)).toEqual(before);
    }
  });

  it('reads headers in any order and case, with a byte-order mark, CRLF line ends and unknown columns', async () => {
    const school = await makeSchool('messy-csv');
    const csv =
      '\uFEFF Legal_Surname ,MIS_ID,Legal_Forename,Start_Date,Date_Of_Birth,Favourite_Colour\r\n"O\'Brien",S1,Zoë,2024-09-04,2013-03-14,blue\r\n"Smith, Jr",S2,"Harry ""H""",2024-09-04,2013-01-05,\r\n';
    const outcome = await importFromPath(
      school,
      sampleBundle({ 'students.csv': csv, 'staff.csv': null, 'contacts.csv': null, 'attendance.csv': null }),
      NOW,
    );
    expect(outcome).toMatchObject({ status: 'succeeded', counts: { added: 2, errors: 0 } });
    const rows = await inSchool(school.id, (tx) =>
      tx.select({ s: students.legalSurname, f: students.legalForename }).from(students).orderBy(asc(students.misId)),
    );
    expect(rows).toEqual([
      { s: "O'Brien", f: 'Zoë' },
      { s: 'Smith, Jr', f: 'Harry "H"' },
    ]);
  });

  it('reports the first line of a record whose quoted field spans lines, and duplicate ids on every line', async () => {
    const school = await makeSchool('line-numbers');
    const csv =
      'mis_id,legal_forename,legal_surname,date_of_birth,start_date,medical_conditions\nS1,Ann,"Lee",2013-01-01,2024-09-04,"Asthma;\nEczema"\nS2,Bob,Ray,2013-13-01,2024-09-04,\nS1,Cal,Poe,2013-01-01,2024-09-04,\n';
    const outcome = await importFromPath(
      school,
      sampleBundle({ 'students.csv': csv, 'staff.csv': null, 'contacts.csv': null, 'attendance.csv': null }),
      NOW,
    );
    expect(outcome.status).toBe('succeeded');
    const issues = await issuesOf(school, outcome.runId!);
    expect(issues.map((i) => [i.line, i.column])).toEqual([
      [2, 'mis_id'],
      [4, 'date_of_birth'],
      [5, 'mis_id'],
    ]);
    expect(issues[0]!.reason).toBe('mis_id "S1" appears on lines 2, 5; none of these rows was imported');
  });
});

describe('archive and restore', () => {
  it('archives pupils who vanished or whose leaving date passed, never deletes them, and restores those who return', async () => {
    const school = await makeSchool('archive-restore');
    await importFromPath(school, SAMPLE_DIR, NOW);
    const lines = readSample('students.csv').split('\n');
    const withoutS1008 = lines.filter((l) => !l.startsWith('S1008')).join('\n');
    const s1010Left = withoutS1008.replace(/(S1010,.*,2021-09-06,)$/m, '$12025-11-19');
    const outcome = await importFromPath(
      school,
      sampleBundle({ 'students.csv': s1010Left, 'attendance.csv': null, 'contacts.csv': null, 'staff.csv': null }),
      LATER,
    );
    expect(outcome).toMatchObject({ status: 'succeeded', counts: { archived: 2, restored: 0, added: 0 } });
    let rows = await pupils(school);
    expect(rows).toHaveLength(10);
    expect(rows.find((r) => r.misId === 'S1008')).toMatchObject({ archivedReason: 'missing', archivedAt: LATER });
    expect(rows.find((r) => r.misId === 'S1010')).toMatchObject({ archivedReason: 'left', archivedAt: LATER });
    // Their marks and contacts are still there.
    const { marks } = await snapshot(school);
    expect(marks.filter((m) => m.studentId === rows.find((r) => r.misId === 'S1008')!.id)).toHaveLength(20);

    const back = await importFromPath(school, SAMPLE_DIR, new Date('2025-11-22T12:00:00Z'));
    expect(back).toMatchObject({ status: 'succeeded', counts: { restored: 2, archived: 0 } });
    rows = await pupils(school);
    expect(rows.every((r) => r.archivedAt === null && r.archivedReason === null)).toBe(true);
  });

  it('refuses an empty roll rather than archive the whole school', async () => {
    const school = await makeSchool('empty-roll');
    await importFromPath(school, SAMPLE_DIR, NOW);
    const outcome = await importFromPath(
      school,
      sampleBundle({ 'students.csv': 'mis_id,legal_forename,legal_surname,date_of_birth,start_date\n' }),
      LATER,
    );
    expect(outcome.status).toBe('failed');
    expect((await pupils(school)).every((r) => r.archivedAt === null)).toBe(true);
  });
});

describe('hand-made links and contacts', () => {
  it('survive every import; MIS links that no longer hold are marked removed; vanished MIS contacts are marked removed', async () => {
    const school = await makeSchool('manual-survive');
    await importFromPath(school, SAMPLE_DIR, NOW);
    const zoe = await idOf(school, 'S1001');
    const seun = await idOf(school, 'S1002');
    const amelia = await idOf(school, 'S1006');
    const harry = await idOf(school, 'S1007');
    await inSchool(school.id, async (tx) => {
      await tx.insert(studentLinks).values({
        schoolId: school.id,
        id: crypto.randomUUID(),
        studentId: zoe,
        linkedStudentId: seun,
        source: 'manual',
        relationship: 'Friend',
      });
      await tx.insert(studentContacts).values({
        schoolId: school.id,
        id: crypto.randomUUID(),
        studentId: amelia,
        source: 'manual',
        forename: 'Sam',
        surname: 'Reed',
        organisation: "Children's Social Care",
      });
    });
    // Harry's mother is no longer listed: the sibling link no longer holds and his MIS contact vanished.
    const contacts = readSample('contacts.csv')
      .split('\n')
      .filter((l) => !l.startsWith('S1007'))
      .join('\n');
    const outcome = await importFromPath(school, sampleBundle({ 'contacts.csv': contacts }), LATER);
    expect(outcome).toMatchObject({ status: 'succeeded', counts: { siblingLinks: { added: 0, removed: 2 } } });
    const { links, contacts: stored } = await snapshot(school);
    expect(links.filter((l) => l.removedAt === null).map((l) => [l.studentId, l.linkedStudentId, l.source])).toEqual([
      [zoe, seun, 'manual'],
    ]);
    expect(links.filter((l) => l.source === 'mis').every((l) => l.removedAt !== null)).toBe(true);
    expect(stored.find((c) => c.source === 'manual')).toMatchObject({ forename: 'Sam', removedAt: null });
    expect(stored.find((c) => c.studentId === harry)).toMatchObject({ misContactId: 'C503', removedAt: LATER });

    // Back again: the contact is revived (same row) and the link made anew.
    const again = await importFromPath(school, SAMPLE_DIR, new Date('2025-11-22T12:00:00Z'));
    expect(again).toMatchObject({ status: 'succeeded', counts: { siblingLinks: { added: 2, removed: 0 } } });
    const after = await snapshot(school);
    expect(after.contacts.filter((c) => c.studentId === harry && c.source === 'mis').map((c) => c.removedAt)).toEqual([
      null,
    ]);
    expect(after.links.filter((l) => l.removedAt === null)).toHaveLength(3);
  });

  it('without contacts.csv, contacts and links are left as they are', async () => {
    const school = await makeSchool('no-contacts-file');
    await importFromPath(school, SAMPLE_DIR, NOW);
    const before = await snapshot(school);
    await importFromPath(school, sampleBundle({ 'contacts.csv': null }), LATER);
    const after = await snapshot(school);
    expect(after.contacts).toEqual(before.contacts);
    expect(after.links).toEqual(before.links);
  });
});

describe('staff deactivation', () => {
  async function schoolWithStaffUsers(slug: string, on: boolean) {
    const school = await makeSchool(slug);
    await inSchool(school.id, (tx) =>
      tx
        .update(schools)
        .set({ settings: sql`jsonb_build_object('disableUsersMissingFromExtract', ${on}::boolean)` })
        .where(eq(schools.id, school.id)),
    );
    const fresh = (await findSchoolBySlug(slug))!;
    const gone = await makeUser({
      email: `gone@${slug}.test`,
      displayName: 'Gone Person',
      memberships: { [slug]: 'Teachers' },
      misStaffId: { [slug]: 'T04' },
    });
    const ended = await makeUser({
      email: `ended@${slug}.test`,
      displayName: 'Ended Person',
      memberships: { [slug]: 'Teachers' },
      misStaffId: { [slug]: 'T05' },
    });
    const stays = await makeUser({
      email: `stays@${slug}.test`,
      displayName: 'Staying Person',
      memberships: { [slug]: 'Teachers' },
      misStaffId: { [slug]: 'T01' },
    });
    const nonMis = await makeUser({
      email: `nonmis@${slug}.test`,
      displayName: 'Non MIS',
      memberships: { [slug]: 'Teachers' },
    });
    const goneSession = await signedIn(fresh, gone);
    const staff = readSample('staff.csv')
      .split('\n')
      .filter((l) => !l.startsWith('T04'))
      .join('\n')
      .replace(
        'T05,Miss,Sue,Clegg,s.clegg@demo.haven.test,Teaching Assistant,2023-01-09,,part-time',
        'T05,Miss,Sue,Clegg,s.clegg@demo.haven.test,Teaching Assistant,2023-01-09,2025-10-31,part-time',
      );
    return {
      school: fresh,
      gone,
      ended,
      stays,
      nonMis,
      goneToken: goneSession.token,
      bundle: sampleBundle({ 'staff.csv': staff }),
    };
  }

  async function statusOf(school: School, userId: string) {
    const rows = await inSchool(school.id, (tx) =>
      tx
        .select({ status: memberships.status })
        .from(memberships)
        .where(and(eq(memberships.schoolId, school.id), eq(memberships.userId, userId))),
    );
    return rows[0]!.status;
  }

  it('when the setting is on: people missing from staff.csv or past their end date are deactivated, their sessions end, and it is audited', async () => {
    const s = await schoolWithStaffUsers('staff-on', true);
    // Everyone is in the first extract: nobody is deactivated.
    expect(await importFromPath(s.school, SAMPLE_DIR, new Date('2025-11-19T12:00:00Z'))).toMatchObject({
      status: 'succeeded',
      counts: { staffDeactivated: 0 },
    });
    expect(await statusOf(s.school, s.gone)).toBe('active');
    const outcome = await importFromPath(s.school, s.bundle, NOW);
    expect(outcome).toMatchObject({ status: 'succeeded', counts: { staffDeactivated: 2 } });
    expect(await statusOf(s.school, s.gone)).toBe('deactivated');
    expect(await statusOf(s.school, s.ended)).toBe('deactivated');
    expect(await statusOf(s.school, s.stays)).toBe('active');
    expect(await statusOf(s.school, s.nonMis)).toBe('active');
    expect(await resolveSession(s.school.id, s.goneToken, NOW)).toBeNull();
    const live = await inSchool(s.school.id, (tx) =>
      tx
        .select({ id: sessions.id })
        .from(sessions)
        .where(and(eq(sessions.userId, s.gone), isNull(sessions.revokedAt))),
    );
    expect(live).toEqual([]);
    const audit = await inSchool(s.school.id, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'admin.user_deactivated'), eq(auditLog.entityId, s.gone))),
    );
    expect(audit[0]).toMatchObject({ actorUserId: null, actorLabel: 'mis-import' });
    expect(audit[0]!.details).toMatchObject({
      misStaffId: 'T04',
      reason: 'no longer in staff.csv',
      importRunId: outcome.runId,
    });
    // mis_staff keeps the person who vanished, archived.
    const staff = await inSchool(s.school.id, (tx) =>
      tx
        .select({ misId: misStaff.misId, archivedAt: misStaff.archivedAt })
        .from(misStaff)
        .where(eq(misStaff.misId, 'T04')),
    );
    expect(staff[0]!.archivedAt).toEqual(NOW);
  });

  it('when the setting is off: nobody is deactivated', async () => {
    const s = await schoolWithStaffUsers('staff-off', false);
    const outcome = await importFromPath(s.school, s.bundle, NOW);
    expect(outcome).toMatchObject({ status: 'succeeded', counts: { staffDeactivated: 0 } });
    for (const u of [s.gone, s.ended, s.stays, s.nonMis]) expect(await statusOf(s.school, u)).toBe('active');
    expect(await resolveSession(s.school.id, s.goneToken, NOW)).not.toBeNull();
  });

  it('without staff.csv nothing about staff changes', async () => {
    const s = await schoolWithStaffUsers('staff-absent', true);
    fs.rmSync(path.join(s.bundle, 'staff.csv'));
    const outcome = await importFromPath(s.school, s.bundle, NOW);
    expect(outcome).toMatchObject({ status: 'succeeded', counts: { staffDeactivated: 0 } });
    expect(await statusOf(s.school, s.gone)).toBe('active');
  });
});

describe('stored marks', () => {
  it('the database refuses a mark whose school is not its pupil’s, or a school that does not exist', async () => {
    const school = await makeSchool('marks-integrity');
    const other = await makeSchool('marks-integrity-other');
    await importFromPath(
      school,
      sampleBundle({ 'staff.csv': null, 'contacts.csv': null, 'attendance.csv': null }),
      NOW,
    );
    const pupil = await idOf(school, 'S1001');
    const insert = (schoolId: string) =>
      privileged('platform-console', 'test', (tx) =>
        tx.insert(attendanceMarks).values({ schoolId, studentId: pupil, date: '2025-11-05', session: 'AM', code: '/' }),
      );
    for (const schoolId of [other.id, randomUUID()]) {
      const err = await insert(schoolId).then(
        () => null,
        (e: { cause?: { message?: string } }) => e.cause?.message ?? String(e),
      );
      expect(err).toMatch(/violates foreign key constraint "attendance_marks_student_fk"/);
    }
    await insert(school.id);
    expect((await snapshot(school)).marks).toHaveLength(1);
  });
});

/**
 * A listing's "The pupil's contacts" and its basic data chosen field by
 * field, against a real database. Contacts: each card holds its own pupil's
 * contacts in the Contacts tab's order (never another pupil's), with hidden
 * student names as "[Contact n]" and their names gone from every word;
 * read in one statement per batch under lib/access's `student.view`, so a
 * runner who may not open pupils gets none (the include is ignored, the
 * card says none) and another school's pupil never matches; in the PDF and
 * the Excel Contacts column. Basic data: a field left out is absent on the
 * Student report's screen, its PDF text and its Excel sheet.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../support/db';
import { pdfText } from '../support/pdf';
import { makeSchool, makeUser, signedIn } from '../support/identity';
import { addPupils } from '../support/pupils';
import { inSchool } from '@/db/scoped';
import { studentContacts, userGroups } from '@/db/schema';
import { accessSubjectOf } from '@/lib/access';
import { createIncident } from '@/lib/incidents/create';
import { getProfileReport } from '@/lib/profile';
import { contactsForPupils } from '@/lib/reports/pupil-contacts';
import {
  downloadReportPdf,
  downloadReportXlsx,
  downloadStudentReportPdf,
  downloadStudentReportXlsx,
  getCustomReportPage,
  type ListingCard,
} from '@/lib/reports';
import { DEFAULT_USER_GROUPS } from '@/lib/schools/defaults';
import type { School, UserCtx } from '@/lib/tenancy/context';

withTestDatabase();

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const NOW = new Date('2026-06-01T12:00:00Z');
const SHOWN = { source: 'legal', order: 'first-last', hidden: false } as const;
let a: School;
let b: School;
let dsl: UserCtx;
let noDetails: UserCtx;
let ann: string;
let ben: string;
let bPupil: string;

function fields(extra: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    range: 'any',
    linked: 'include',
    display: 'listing',
    primary: 'category',
    secondary: '',
    values: 'counts',
    include: ['incidents', 'contacts'],
    ...extra,
  };
}

const contact = (schoolId: string, studentId: string, c: Partial<typeof studentContacts.$inferInsert>) => ({
  id: randomUUID(),
  schoolId,
  studentId,
  source: 'mis' as const,
  forename: 'X',
  surname: 'Y',
  ...c,
  misContactId: c.source === 'manual' ? null : `C-${randomUUID().slice(0, 8)}`,
});

async function listingOf(ctx: UserCtx, extra: Record<string, string | string[]> = {}): Promise<ListingCard[]> {
  return (await getCustomReportPage(ctx, fields(extra), SHOWN)).listing!.cards;
}
const cardOf = (cards: ListingCard[], pupil: string) => cards.find((c) => c.pupil === pupil)!;

async function bytesOf(body: ReadableStream<Uint8Array> | Uint8Array): Promise<Uint8Array> {
  return body instanceof Uint8Array ? body : new Uint8Array(await new Response(body).arrayBuffer());
}
async function sheetRows(body: ReadableStream<Uint8Array> | Uint8Array): Promise<string[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await bytesOf(body)) as unknown as ExcelJS.Buffer);
  const rows: string[][] = [];
  book.worksheets[0]!.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  return rows;
}

beforeAll(async () => {
  a = await makeSchool('report-contacts-a');
  b = await makeSchool('report-contacts-b');
  // A group that runs reports and sees incidents but may not open pupils' details (nor their contacts).
  await inSchool(a.id, (tx) =>
    tx
      .update(userGroups)
      .set({
        permissions: [
          ...DEFAULT_USER_GROUPS.find((g) => g.name === 'Pastoral')!.permissions.filter(
            (p) => p !== 'students.details',
          ),
          'reports.run',
        ],
      })
      .where(and(eq(userGroups.schoolId, a.id), eq(userGroups.name, 'Pastoral'))),
  );
  const dslId = await makeUser({
    email: 'dsl@rlc.example.org',
    displayName: 'Dee Lead',
    memberships: { [a.slug]: 'DSL' },
    totpSecret: SECRET,
  });
  const pastoralId = await makeUser({
    email: 'pastoral@rlc.example.org',
    displayName: 'Pat Oral',
    memberships: { [a.slug]: 'Pastoral' },
    totpSecret: SECRET,
  });
  dsl = (await signedIn(a, dslId, { elevated: true })).ctx;
  noDetails = (await signedIn(a, pastoralId, { elevated: true })).ctx;
  [ann, ben] = (await addPupils(a.id, [
    { legalForename: 'Ann', legalSurname: 'Ashe', tutorGroup: '7A' },
    { legalForename: 'Ben', legalSurname: 'Bell', tutorGroup: '7B' },
  ])) as [string, string];
  [bPupil] = (await addPupils(b.id, [{ legalForename: 'Other', legalSurname: 'School' }])) as [string];
  await inSchool(a.id, (tx) =>
    tx.insert(studentContacts).values([
      // Out of the priority order on purpose: the listing sorts them as the Contacts tab does.
      contact(a.id, ann, {
        forename: 'Rhys',
        surname: 'Ashe',
        relationship: 'Father',
        priority: 2,
        mobile: '07700 900222',
      }),
      contact(a.id, ann, {
        title: 'Mrs',
        forename: 'Jane',
        surname: 'Ashe',
        relationship: 'Mother',
        priority: 1,
        parentalResponsibility: true,
        livesWithStudent: true,
        phone: '01632 960001',
        email: 'jane.ashe@example.org',
        address: '1 Ashe Lane\nLeeds',
      }),
      contact(a.id, ann, {
        source: 'manual',
        forename: 'Sam',
        surname: 'Ward',
        relationship: 'Social worker',
        organisation: '=Children’s Social Care',
      }),
      contact(a.id, ann, { forename: 'Gone', surname: 'Away', priority: 3, removedAt: NOW }),
      contact(a.id, ben, { forename: 'Bea', surname: 'Bell', relationship: 'Mother', priority: 1 }),
      // A name a spreadsheet would run as a formula, first in its cell.
      contact(a.id, ben, { forename: '=HYPERLINK("http://evil.example")', surname: 'Bell', priority: 0 }),
    ]),
  );
  await inSchool(b.id, (tx) =>
    tx.insert(studentContacts).values(contact(b.id, bPupil, { forename: 'Other', surname: 'Parent' })),
  );
  const cats = await inSchool(a.id, (tx) => tx.query.categories.findMany({ columns: { id: true, name: true } }));
  const behaviour = cats.find((c) => c.name === 'Behaviour')!.id;
  for (const [studentId, at] of [
    [ann, '2026-03-02T10:00'],
    [ben, '2026-03-03T10:00'],
    [ann, '2026-03-04T10:00'],
  ] as const)
    await createIncident(
      dsl,
      { studentId, text: `Ann Ashe's mother Jane Ashe called on ${at}.`, categoryIds: behaviour, occurredAt: at },
      NOW,
    );
});

describe('contacts in a listing', () => {
  it('each card holds its own pupil’s live contacts, in the Contacts tab’s order, never another pupil’s', async () => {
    const cards = await listingOf(dsl);
    expect(cards).toHaveLength(3);
    const annCards = cards.filter((c) => c.pupil === 'Ann Ashe');
    expect(annCards).toHaveLength(2);
    for (const c of annCards) {
      expect(c.contacts!.map((x) => x.name)).toEqual(['Mrs Jane Ashe', 'Rhys Ashe', 'Sam Ward']);
      expect(c.contacts![0]!.fields).toEqual([
        ['Relationship', 'Mother'],
        ['Priority', '1'],
        ['Parental responsibility', 'Yes'],
        ['Lives with pupil', 'Yes'],
        ['Phone', '01632 960001'],
        ['Email', 'jane.ashe@example.org'],
        ['Address', '1 Ashe Lane\nLeeds'],
      ]);
    }
    expect(cardOf(cards, 'Ben Bell').contacts).toEqual([
      { name: '=HYPERLINK("http://evil.example") Bell', fields: [['Priority', '0']] },
      {
        name: 'Bea Bell',
        fields: [
          ['Relationship', 'Mother'],
          ['Priority', '1'],
        ],
      },
    ]);
    expect(JSON.stringify(cards)).not.toContain('Gone');
    expect(JSON.stringify(cards)).not.toContain('Other Parent');
  });

  it('left out (or a definition from before the choice), no card has contacts', async () => {
    const cards = await listingOf(dsl, { include: ['incidents'] });
    expect(cards.every((c) => c.contacts === null)).toBe(true);
  });

  it('with student names hidden, contacts are “[Contact n]” and their names are gone from every word', async () => {
    const cards = await listingOf(dsl, { hideStudents: '1' });
    const card = cards.find((c) => c.contacts!.length === 3)!;
    expect(card.contacts!.map((c) => c.name)).toEqual(['[Contact 1]', '[Contact 2]', '[Contact 3]']);
    // The contacts' part of every card (the incident's text hides pupils' names, as it always has).
    const words = JSON.stringify(cards.map((c) => c.contacts));
    for (const name of ['Jane', 'Rhys', 'Ashe', 'Sam', 'Ward', 'Bea', 'Bell']) expect(words).not.toContain(name);
    // An email or address's name words are replaced like the text's.
    expect(card.contacts![0]!.fields).toContainEqual(['Email', '[Contact 1].[Student]@example.org']);
    // The address keeps what is not a name; the phone numbers stay, being what a reader uses them for.
    expect(card.contacts![0]!.fields).toContainEqual(['Address', '1 [Student] Lane\nLeeds']);
    expect(card.contacts![0]!.fields).toContainEqual(['Phone', '01632 960001']);
  });

  it('a runner who may not open pupils gets no contacts, the include ignored', async () => {
    const cards = await listingOf(noDetails);
    expect(cards.length).toBeGreaterThan(0);
    expect(cards.every((c) => c.contacts !== null && c.contacts.length === 0)).toBe(true);
    expect(JSON.stringify(cards)).not.toContain('01632 960001');
  });

  it('the loader reads only pupils in reach: another school’s pupil and an unknown id give nothing', async () => {
    const subject = await accessSubjectOf(dsl);
    const read = await dsl.run((tx) => contactsForPupils(tx, subject, [ann, bPupil, randomUUID(), ann]));
    expect([...read.keys()]).toEqual([ann]);
    expect(read.get(ann)!.map((c) => c.forename)).toEqual(['Jane', 'Rhys', 'Sam']);
    const outOfReach = await accessSubjectOf(noDetails);
    expect((await noDetails.run((tx) => contactsForPupils(tx, outOfReach, [ann, ben]))).size).toBe(0);
  });

  it('in the PDF under each incident, and in Excel’s Contacts column with formulas neutralised', async () => {
    const pdf = pdfText(await bytesOf((await downloadReportPdf(dsl, fields(), '', SHOWN)).body));
    expect(pdf).toContain('Contacts');
    expect(pdf).toContain('Mrs Jane Ashe');
    expect(pdf).toContain('jane.ashe@example.org');
    expect(pdf).toContain('Bea Bell');
    const rows = await sheetRows((await downloadReportXlsx(dsl, fields(), SHOWN)).body);
    const head = rows.find((r) => r.includes('Contacts'))!;
    const at = head.indexOf('Contacts');
    const annRow = rows.find((r) => r[3] === 'Ann Ashe')!;
    expect(annRow[at]!.split('\n')).toEqual([
      'Mrs Jane Ashe; Relationship: Mother; Priority: 1; Parental responsibility: Yes; Lives with pupil: Yes; Phone: 01632 960001; Email: jane.ashe@example.org; Address: 1 Ashe Lane, Leeds',
      'Rhys Ashe; Relationship: Father; Priority: 2; Mobile: 07700 900222',
      'Sam Ward; Relationship: Social worker; Organisation: =Children’s Social Care',
    ]);
    expect(rows.find((r) => r[3] === 'Ben Bell')![at]).toBe(
      `'=HYPERLINK("http://evil.example") Bell; Priority: 0\nBea Bell; Relationship: Mother; Priority: 1`,
    );
  });
});

describe('the Student report’s basic data, field by field', () => {
  const tab = (extra: Record<string, string | string[]> = {}) => ({
    range: 'any',
    linked: 'include',
    display: 'listing',
    primary: 'month',
    secondary: '',
    values: 'counts',
    include: ['basicData', 'incidents', 'contacts'],
    basicFieldsOffered: '1',
    basicField: ['yearGroup', 'tutorGroup', 'gender'],
    ...extra,
  });

  it('a field left out is absent on screen, in the PDF text and in the Excel sheet', async () => {
    const report = (await getProfileReport(dsl, ann, SHOWN, tab())).data;
    const labels = report.listing!.cards[0]!.fields.map(([l]) => l);
    expect(labels).toEqual(expect.arrayContaining(['Year group', 'Tutor group', 'Gender']));
    expect(labels).not.toContain('Date of birth');
    expect(labels).not.toContain('Pupil premium');
    expect(report.listing!.cards[0]!.contacts!.map((c) => c.name)).toEqual(['Mrs Jane Ashe', 'Rhys Ashe', 'Sam Ward']);

    const pdf = pdfText(await bytesOf((await downloadStudentReportPdf(dsl, ann, tab(), '', SHOWN)).body));
    expect(pdf).toContain('Tutor group');
    expect(pdf).not.toContain('Date of birth');
    expect(pdf).not.toContain('14 Mar 2013');
    expect(pdf).not.toContain('2013-03-14');
    expect(pdf).not.toContain('Free school meals');
    expect(pdf).toContain('Mrs Jane Ashe');

    const rows = await sheetRows((await downloadStudentReportXlsx(dsl, ann, tab(), SHOWN)).body);
    const head = rows.find((r) => r.includes('Tutor group'))!;
    expect(head).not.toContain('Date of birth');
    expect(head).not.toContain('Looked after');
    expect(rows.flat().join(' ')).not.toContain('2013-03-14');
  });

  it('every field ticked, or a form that never offered the boxes, shows every field', async () => {
    for (const extra of <Record<string, string | string[]>[]>[
      {
        basicField: [
          'dateOfBirth',
          'yearGroup',
          'tutorGroup',
          'gender',
          'senStatus',
          'pupilPremium',
          'eal',
          'freeSchoolMeals',
          'lookedAfter',
        ],
      },
      { basicFieldsOffered: '', basicField: [] },
    ]) {
      const report = (await getProfileReport(dsl, ann, SHOWN, tab(extra))).data;
      expect(report.listing!.definition.report.basicDataFields).toBeUndefined();
      expect(report.listing!.cards[0]!.fields.map(([l]) => l)).toEqual(
        expect.arrayContaining(['Date of birth', 'Looked after', 'Free school meals']),
      );
    }
  });

  it('none ticked with basic data included is refused beside the boxes, keeping what was ticked', async () => {
    const report = (await getProfileReport(dsl, ann, SHOWN, tab({ basicField: [] }))).data;
    expect(report.listing).toBeNull();
    expect(report.form.fieldErrors).toEqual({
      basicField: ['Tick at least one basic data field, or leave basic data out.'],
    });
  });
});

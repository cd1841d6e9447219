/**
 * The Listing report type in the definition (a new member: every stored
 * summary definition still parses), the Custom report form's Listing
 * choice with its boxes, and the cards every renderer draws: hidden names in
 * the text and the name columns, staff by role, linked pupils numbered once
 * for the whole listing, the fields each include adds.
 */
import { describe, expect, it } from 'vitest';
import { reportDefinition, type ReportDefinition } from '@/lib/reports/definition';
import { parseCustomReportQuery } from '@/lib/reports/form';
import { ListingCards, listingColumns, plainText } from '@/lib/reports/listing';
import type { ListingIncident } from '@/lib/reports/listing-query';
import { nameWords } from '@/lib/reports/hide-names';
import { DEFAULT_NAME_STYLE } from '@/lib/students/names';

const filters: ReportDefinition['filters'] = {
  dates: { kind: 'any' },
  categories: { match: 'any', ids: [] },
  status: 'any',
  recordedBy: { mode: 'only', ids: [] },
};
const listing = {
  type: 'listing',
  include: { basicData: false, incidents: true, actions: true, customFields: false },
  hideStudentNames: true,
  hideStaffNames: false,
} as const;

const messages = (input: unknown) => {
  const r = reportDefinition.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('the listing definition', () => {
  it('parses, round-trips through JSON, and leaves stored summary definitions valid', () => {
    const def = { version: 1, subject: 'incidents', filters, report: listing };
    expect(reportDefinition.parse(JSON.parse(JSON.stringify(def)))).toEqual(def);
    const stored = {
      version: 1,
      subject: 'incidents',
      filters,
      report: { type: 'summary-table', primary: { by: 'category' }, secondary: null },
    };
    expect(messages(stored)).toEqual([]);
  });

  it('refuses a listing that includes nothing, unknown includes, and a grouping on a listing', () => {
    const none = { ...listing, include: { basicData: false, incidents: false, actions: false, customFields: false } };
    expect(messages({ version: 1, subject: 'incidents', filters, report: none })).toEqual([
      'report.include: Tick at least one thing to include in the report.',
    ]);
    expect(
      messages({
        version: 1,
        subject: 'incidents',
        filters,
        report: { ...listing, include: { ...listing.include, x: true } },
      }),
    ).not.toEqual([]);
    expect(
      messages({ version: 1, subject: 'incidents', filters, report: { ...listing, primary: { by: 'category' } } }),
    ).not.toEqual([]);
    expect(
      messages({ version: 1, subject: 'incidents', filters, report: { ...listing, hideStaffNames: 'yes' } }),
    ).not.toEqual([]);
  });
});

describe('the form’s Listing choice', () => {
  const query = { range: 'any', status: 'any', primary: 'category', secondary: '', display: 'listing' };
  it('maps the boxes onto the definition', () => {
    const form = parseCustomReportQuery({ ...query, include: ['incidents', 'basicData'], hideStudents: '1' });
    expect(form.definition?.report).toEqual({
      type: 'listing',
      include: { basicData: true, incidents: true, actions: false, customFields: false },
      hideStudentNames: true,
      hideStaffNames: false,
    });
  });
  it('puts the messages by their boxes, keeping what was ticked', () => {
    const none = parseCustomReportQuery({ ...query });
    expect(none.definition).toBeNull();
    expect(none.fieldErrors.include).toEqual(['Tick at least one thing to include in the report.']);
    const forged = parseCustomReportQuery({ ...query, include: ['incidents', 'passwords'], hideStaff: 'yes' });
    expect(forged.definition).toBeNull();
    expect(forged.fieldErrors.include).toEqual(['Choose what to include from the list.']);
    expect(forged.fieldErrors.hideStaff).toEqual(['Tick the box or leave it empty.']);
    expect(forged.values.include).toEqual(['incidents', 'passwords']);
  });
});

const names = (f: string, s: string) => ({
  legalForename: f,
  legalSurname: s,
  preferredForename: f,
  preferredSurname: s,
});
const pupil = (id: string, f: string, s: string) => ({
  id,
  ...names(f, s),
  dateOfBirth: '2013-03-14',
  gender: 'F',
  yearGroup: 'Year 7',
  tutorGroup: '7A',
  senStatus: 'K' as const,
  pupilPremium: true,
  eal: false,
  freeSchoolMeals: false,
  lookedAfter: false,
});
const incident = (over: Partial<ListingIncident>): ListingIncident => ({
  id: 'i1',
  number: 12,
  occurredAt: new Date('2026-03-02T10:00:00Z'),
  status: 'active',
  role: 'subject',
  text: 'Nguyễn Thảo hit Zoë; Ms Price saw.',
  customFields: { f1: 'Zoë was upset' },
  pupil: pupil('p1', 'Thảo', 'Nguyễn'),
  author: { name: 'Ben Price', role: 'Pastoral' },
  categories: ['Behaviour'],
  actions: [
    {
      id: 'a1',
      occurredAt: new Date('2026-03-03T09:00:00Z'),
      text: 'Zoe Ng spoke to Ben Price.',
      author: { name: 'Ben Price', role: 'Pastoral' },
      categories: ['Bullying'],
      customFields: {},
    },
  ],
  linked: [{ studentId: 'p2', names: names('Zoë', 'Ng'), role: 'affected', nameable: false }],
  ...over,
});

describe('listing cards', () => {
  const setup = {
    style: DEFAULT_NAME_STYLE,
    timeZone: 'Europe/London',
    staff: [{ name: 'Ben Price', role: 'Pastoral' }],
    incidentFields: [{ id: 'f1', label: 'How they felt' }],
    actionFields: [],
    pupilWords: null,
  };

  it('hides pupils and staff everywhere, numbering linked pupils once for the whole listing', () => {
    const cards = new ListingCards({
      ...setup,
      report: {
        include: { basicData: true, incidents: true, actions: true, customFields: true },
        hideStudentNames: true,
        hideStaffNames: true,
      },
      pupilWords: nameWords(['Jack']),
    });
    const [one] = cards.cards([incident({})]);
    expect(one!.heading).toBe('#12 · 2 Mar 2026, 10:00');
    expect(one!.pupil).toBe('[Student]');
    expect(plainText(one!.text!)).toBe('[Student] hit [Linked student 1]; [Pastoral] saw.');
    expect(Object.fromEntries(one!.fields)).toMatchObject({
      'Recorded by': '[Pastoral]',
      'Linked pupils': '[Linked student 1] (affected)',
      'How they felt': '[Linked student 1] was upset',
      'SEN status': 'SEN support',
      'Pupil premium': 'Yes',
    });
    expect(one!.actions).toEqual([
      {
        heading: '3 Mar 2026, 09:00 · [Pastoral]',
        fields: [['Categories added', 'Bullying']],
        text: [{ text: '[Linked student 1] spoke to [Pastoral].', marked: false }],
      },
    ]);
    // Zoë's own incident later in the listing: she is the student there; Thảo becomes linked student 2.
    const [two] = cards.cards([
      incident({
        id: 'i2',
        number: 13,
        pupil: pupil('p2', 'Zoë', 'Ng'),
        text: 'Zoe said Thao and Jack were there.',
        linked: [{ studentId: 'p1', names: names('Thảo', 'Nguyễn'), role: 'witness', nameable: true }],
        actions: [],
      }),
    ]);
    expect(two!.text).toEqual([
      { text: '[Student] said [Linked student 2] and ', marked: false },
      { text: 'Jack', marked: true },
      { text: ' were there.', marked: false },
    ]);
  });

  it('without hiding, names pupils in the reader’s style, a linked pupil only where nameable', () => {
    const cards = new ListingCards({
      ...setup,
      report: {
        include: { basicData: false, incidents: false, actions: false, customFields: false },
        hideStudentNames: false,
        hideStaffNames: false,
      },
    });
    const [one] = cards.cards([incident({})]);
    expect(one!.pupil).toBe('Thảo Nguyễn');
    expect(one!.text).toBeNull();
    expect(one!.actions).toEqual([]);
    expect(one!.fields).toEqual([
      ['Categories', 'Behaviour'],
      ['Status', 'Active'],
      ['Recorded by', 'Ben Price'],
      ['Linked pupils', 'One pupil outside your access'],
    ]);
    const masked = new ListingCards({
      ...setup,
      style: { ...DEFAULT_NAME_STYLE, hidden: true },
      report: { include: listing.include, hideStudentNames: false, hideStaffNames: false },
    });
    expect(masked.cards([incident({})])[0]!.pupil).toBe('T*** N***');
    expect(listingColumns(listing.include)).not.toContain('Date of birth');
  });
});

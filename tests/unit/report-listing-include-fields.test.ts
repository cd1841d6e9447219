/**
 * The listing's later choices in its definition and form: the contacts
 * include (optional; absent is left out, so stored listings are unchanged)
 * and the basic data fields (optional; absent is every field, each field at
 * most once, not none while basic data is included), mapped from the form's
 * boxes and back for "Open in custom report"; and the cards they make.
 */
import { describe, expect, it } from 'vitest';
import { BASIC_DATA_FIELDS, reportDefinition, type ReportDefinition } from '@/lib/reports/definition';
import { definitionFormValues } from '@/lib/reports/definition-form';
import { customReportQuery, parseCustomReportQuery } from '@/lib/reports/form';
import { ListingCards, listingColumns } from '@/lib/reports/listing';
import type { ListingIncident } from '@/lib/reports/listing-query';

const filters: ReportDefinition['filters'] = {
  dates: { kind: 'any' },
  categories: { match: 'any', ids: [] },
  status: 'any',
  recordedBy: { mode: 'only', ids: [] },
};
const listing = {
  type: 'listing',
  include: { basicData: true, incidents: true, actions: false, customFields: false },
  hideStudentNames: false,
  hideStaffNames: false,
};
const messages = (report: unknown) => {
  const r = reportDefinition.safeParse({ version: 1, subject: 'incidents', filters, report });
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('the listing definition’s contacts and basic data fields', () => {
  it('a listing stored before them stays valid; each may be added', () => {
    expect(messages(listing)).toEqual([]);
    expect(messages({ ...listing, include: { ...listing.include, contacts: true } })).toEqual([]);
    expect(messages({ ...listing, basicDataFields: ['yearGroup', 'gender'] })).toEqual([]);
    // Contacts alone are something to include.
    expect(
      messages({
        ...listing,
        include: { basicData: false, incidents: false, actions: false, customFields: false, contacts: true },
      }),
    ).toEqual([]);
  });

  it('refuses an unknown field, a field twice, none with basic data, and an unknown include', () => {
    expect(messages({ ...listing, basicDataFields: ['upn'] })).not.toEqual([]);
    expect(messages({ ...listing, basicDataFields: ['gender', 'gender'] })).toEqual([
      'report.basicDataFields: Choose each field once.',
    ]);
    expect(messages({ ...listing, basicDataFields: [] })).toEqual([
      'report.basicDataFields: Tick at least one basic data field, or leave basic data out.',
    ]);
    expect(messages({ ...listing, include: { ...listing.include, siblings: true } })).not.toEqual([]);
  });
});

const form = (extra: Record<string, string | string[]>) =>
  parseCustomReportQuery({ primary: 'category', display: 'listing', include: ['basicData', 'incidents'], ...extra });

describe('the form’s boxes', () => {
  it('contacts ticked are included; left out, the key is absent as in stored listings', () => {
    expect(form({ include: ['incidents', 'contacts'] }).definition?.report).toMatchObject({
      include: { contacts: true },
    });
    const without = form({}).definition!.report as { include: Record<string, boolean> };
    expect('contacts' in without.include).toBe(false);
  });

  it('some fields ticked are stored; all, or a form without the boxes, store none (every field)', () => {
    expect(form({ basicFieldsOffered: '1', basicField: ['gender', 'yearGroup'] }).definition?.report).toMatchObject({
      basicDataFields: ['yearGroup', 'gender'],
    });
    expect(form({ basicFieldsOffered: '1', basicField: [...BASIC_DATA_FIELDS] }).definition?.report).not.toHaveProperty(
      'basicDataFields',
    );
    expect(form({}).definition?.report).not.toHaveProperty('basicDataFields');
  });

  it('none ticked, or a forged field, is answered beside the boxes with what was ticked kept', () => {
    const none = form({ basicFieldsOffered: '1' });
    expect(none.definition).toBeNull();
    expect(none.fieldErrors).toEqual({ basicField: ['Tick at least one basic data field, or leave basic data out.'] });
    const forged = form({ basicFieldsOffered: '1', basicField: ['gender', 'passwordHash'] });
    expect(forged.fieldErrors).toEqual({ basicField: ['Choose basic data fields from the list.'] });
    expect(forged.values.basicField).toEqual(['gender', 'passwordHash']);
  });

  it('a saved listing with both opens in the form as itself', () => {
    const definition = reportDefinition.parse({
      version: 1,
      subject: 'incidents',
      filters,
      report: { ...listing, include: { ...listing.include, contacts: true }, basicDataFields: ['eal', 'lookedAfter'] },
    });
    const query: Record<string, string[]> = {};
    for (const [k, v] of customReportQuery(definitionFormValues(definition))) (query[k] ??= []).push(v);
    expect(parseCustomReportQuery(query).definition).toEqual(definition);
  });
});

const incident = (pupilId: string): ListingIncident => ({
  id: `i-${pupilId}`,
  number: 1,
  occurredAt: new Date('2026-03-02T10:00:00Z'),
  status: 'active',
  role: 'subject',
  text: 'Seen at the gate.',
  customFields: {},
  pupil: {
    id: pupilId,
    legalForename: 'Ann',
    legalSurname: 'Ashe',
    preferredForename: 'Ann',
    preferredSurname: 'Ashe',
    dateOfBirth: '2013-03-14',
    yearGroup: 'Year 7',
    tutorGroup: '7A',
    gender: 'Female',
    senStatus: null,
    pupilPremium: true,
    eal: false,
    freeSchoolMeals: false,
    lookedAfter: false,
  } as ListingIncident['pupil'],
  author: { id: 'u', name: 'Dee Lead', role: 'DSL' } as ListingIncident['author'],
  categories: ['Behaviour'],
  actions: [],
  linked: [],
});

describe('the cards', () => {
  it('show only the basic data fields chosen, in the card’s order, and Excel’s columns agree', () => {
    const report = {
      include: { basicData: true, incidents: false, actions: false, customFields: false },
      basicDataFields: ['pupilPremium', 'tutorGroup'] as ('pupilPremium' | 'tutorGroup')[],
      hideStudentNames: false,
      hideStaffNames: false,
    };
    const cards = new ListingCards({
      report,
      style: { source: 'legal', order: 'first-last', hidden: false },
      timeZone: 'Europe/London',
      staff: [],
      incidentFields: [],
      actionFields: [],
      pupilWords: null,
    });
    const [card] = cards.cards([incident('p1')]);
    expect(card!.fields.slice(-2)).toEqual([
      ['Tutor group', '7A'],
      ['Pupil premium', 'Yes'],
    ]);
    expect(card!.fields.map(([l]) => l)).not.toContain('Date of birth');
    expect(card!.contacts).toBeNull();
    expect(listingColumns(report.include, report.basicDataFields).slice(-2)).toEqual(['Tutor group', 'Pupil premium']);
    expect(listingColumns({ ...report.include, contacts: true }).slice(-2)).toEqual(['Looked after', 'Contacts']);
  });
});

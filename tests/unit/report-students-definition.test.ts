/**
 * The Students subject of a report definition: parsed whole (pupil
 * groupings only; a listing of the pupil's own includes; a combined graph
 * of two pupil groupings), read from the Custom report's
 * fields, and written back for "Open in custom report" reading as the same
 * definition; incident definitions stored before it still read as they were.
 */
import { describe, expect, it } from 'vitest';
import { anyReportDefinition, type StudentReportDefinition } from '@/lib/reports/definition';
import { definitionFormValues } from '@/lib/reports/definition-form';
import { customReportQuery, parseCustomReportQuery } from '@/lib/reports/form';
import { NO_PUPIL_FILTERS } from '@/lib/reports/pupil-filters';
import { readStoredDefinition, storedReportTypeLabel } from '@/lib/reports/stored-definition';

const CAT = '0b7e6c1e-6f0a-4d55-9a8e-0d3c2f1b9a01';
const FIELD = 'ae4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7b';

const byYear: StudentReportDefinition = {
  version: 1,
  subject: 'students',
  filters: { pupils: NO_PUPIL_FILTERS, incidents: null },
  report: { type: 'summary-table', primary: { by: 'year-group' }, secondary: { by: 'pupil-premium' } },
};

const pupilListing: StudentReportDefinition = {
  ...byYear,
  report: {
    type: 'listing',
    include: { basicData: true, customFields: true, contacts: true },
    basicDataFields: ['dateOfBirth', 'senStatus'],
    hideStudentNames: true,
  },
};

const combined: StudentReportDefinition = {
  ...byYear,
  report: { type: 'combined-graph', values: 'percentages', primary: { by: 'year-group' }, secondary: { by: 'gender' } },
};

function throughTheAddress(definition: StudentReportDefinition) {
  const query: Record<string, string[]> = {};
  for (const [k, v] of customReportQuery(definitionFormValues(definition))) (query[k] ??= []).push(v);
  return parseCustomReportQuery(query);
}

describe('a Students definition', () => {
  it('parses, and refuses an incident grouping or an incident listing’s shape', () => {
    expect(anyReportDefinition.parse(byYear)).toEqual(byYear);
    const bad = (report: object) => anyReportDefinition.safeParse({ ...byYear, report }).success;
    expect(bad({ type: 'summary-table', primary: { by: 'category' }, secondary: null })).toBe(false);
    expect(bad({ type: 'summary-table', primary: { by: 'month' }, secondary: null })).toBe(false);
    // Incidents and actions are an incident listing's; staff names are not on a pupil's card.
    expect(
      bad({
        type: 'listing',
        include: { basicData: true, incidents: false, actions: false, customFields: false },
        hideStudentNames: false,
        hideStaffNames: false,
      }),
    ).toBe(false);
    expect(bad(pupilListing.report)).toBe(true);
    expect(bad({ ...pupilListing.report, basicDataFields: [] })).toBe(false);
    expect(bad(combined.report)).toBe(true);
    expect(bad({ ...combined.report, secondary: { by: 'year-group' } })).toBe(false);
    expect(bad({ ...combined.report, secondary: null })).toBe(false);
    expect(bad({ ...combined.report, primary: { by: 'month' } })).toBe(false);
    expect(anyReportDefinition.safeParse({ ...byYear, filters: { pupils: NO_PUPIL_FILTERS } }).success).toBe(false);
  });

  it('an incident definition stored before Students still reads, and its saved list label is unchanged', () => {
    const stored = {
      version: 1,
      subject: 'incidents',
      filters: {
        dates: { kind: 'any' },
        categories: { match: 'any', ids: [] },
        status: 'any',
        recordedBy: { mode: 'only', ids: [] },
      },
      report: { type: 'summary-table', primary: { by: 'category' }, secondary: null },
    };
    expect(readStoredDefinition(stored)).toEqual(stored);
    expect(storedReportTypeLabel(readStoredDefinition(stored))).toBe('Summary table');
    expect(storedReportTypeLabel(readStoredDefinition(byYear))).toBe('Summary table of pupils');
    // Students definitions stored before the listing and the combined graph read as they were.
    const storedChart = {
      ...byYear,
      report: { ...byYear.report, type: 'summary-chart', chart: 'bar', values: 'counts', series: 'grouped' },
    };
    expect(readStoredDefinition(storedChart)).toEqual(storedChart);
    expect(storedReportTypeLabel(readStoredDefinition(pupilListing))).toBe('Listing of pupils');
    expect(storedReportTypeLabel(readStoredDefinition(combined))).toBe('Combined graph of pupils');
  });
});

describe('the Custom report form on Students', () => {
  const cases: [string, StudentReportDefinition][] = [
    ['every pupil by year group and pupil premium', byYear],
    [
      'with incidents matching, pupil filters, a pupil field, a column chart',
      {
        ...byYear,
        filters: {
          pupils: { ...NO_PUPIL_FILTERS, yearGroup: 'Year 8', includeArchived: true },
          incidents: {
            dates: { kind: 'quick', range: 'this-term' },
            categories: { match: 'any', ids: [CAT] },
            status: 'active',
            recordedBy: { mode: 'only', ids: [] },
          },
        },
        report: {
          type: 'summary-chart',
          chart: 'column',
          values: 'counts',
          series: 'stacked',
          primary: { by: `custom-field:${FIELD}` },
          secondary: { by: 'gender' },
        },
      },
    ],
    ['a listing of pupils with hidden names, some basic data, custom fields and contacts', pupilListing],
    [
      'a listing of pupils with incidents matching, nothing ticked',
      {
        ...pupilListing,
        filters: {
          pupils: NO_PUPIL_FILTERS,
          incidents: {
            dates: { kind: 'between', from: '2026-01-01', to: null },
            categories: { match: 'all', ids: [CAT] },
            status: 'any',
            recordedBy: { mode: 'only', ids: [] },
          },
        },
        report: {
          type: 'listing',
          include: { basicData: false, customFields: false, contacts: false },
          hideStudentNames: false,
        },
      },
    ],
    ['a combined graph of year group with a line per gender', combined],
  ];
  for (const [name, definition] of cases)
    it(`reads back the same: ${name}`, () => {
      const form = throughTheAddress(definition);
      expect(form.fieldErrors).toEqual({});
      expect(form.definition).toBeNull();
      expect(form.studentDefinition).toEqual(definition);
    });

  it('an incident report’s address carries no subject, and reads back as incidents', () => {
    const q = customReportQuery(parseCustomReportQuery({ range: 'any', primary: 'category' }).values);
    expect(q.has('subject')).toBe(false);
  });

  it('refuses a forged subject beside its field', () => {
    const form = parseCustomReportQuery({ subject: 'staff', range: 'any', primary: 'year-group' });
    expect(form.fieldErrors.subject).toEqual(['Choose Incidents or Students.']);
    expect(form.values.subject).toBe('staff');
  });
});

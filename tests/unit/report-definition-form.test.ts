/**
 * "Open in custom report": a saved definition written back as the Custom
 * report form's fields reads back as the same definition, whatever it holds
 * (quick ranges, dates between, categories any or all, words, status, who
 * recorded or not, assignee, agencies, linked copies, tables and every kind
 * of chart).
 */
import { describe, expect, it } from 'vitest';
import { definitionFormValues } from '@/lib/reports/definition-form';
import type { ReportDefinition } from '@/lib/reports/definition';
import { customReportQuery, parseCustomReportQuery } from '@/lib/reports/form';
import { NO_PUPIL_FILTERS, type PupilFilters } from '@/lib/reports/pupil-filters';

const CAT_A = '0b7e6c1e-6f0a-4d55-9a8e-0d3c2f1b9a01';
const CAT_B = '0b7e6c1e-6f0a-4d55-9a8e-0d3c2f1b9a02';
const STAFF = '4c1d2e3f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const AGENCY = '7d2e3f4a-5b6c-4d7e-8f9a-0b1c2d3e4f5a';
const FIELD = '9e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b';
const PUPIL_FIELD = 'ae4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7b';

const PUPILS: PupilFilters = {
  ...NO_PUPIL_FILTERS,
  monitored: { when: 'now', from: null, to: null, categoryIds: [CAT_A], match: 'any' },
  pupilPremium: true,
  sen: 'K+E',
  yearGroup: 'Year 8',
  gender: 'Female',
  eal: false,
  age: { from: 11, to: 14 },
  custom: [{ fieldId: PUPIL_FIELD, value: 'Bus' }],
};

const base: ReportDefinition = {
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

/** What the browser sends when the link is followed: the address's fields, repeated keys as lists. */
function throughTheAddress(definition: ReportDefinition) {
  const query: Record<string, string[]> = {};
  for (const [k, v] of customReportQuery(definitionFormValues(definition))) (query[k] ??= []).push(v);
  return parseCustomReportQuery(query);
}

describe('a saved definition opened in the Custom report form', () => {
  const cases: [string, ReportDefinition][] = [
    ['a plain table of any date', base],
    [
      'a quick range, two categories, closed, one author, by tutor group and month',
      {
        ...base,
        filters: {
          dates: { kind: 'quick', range: 'this-term' },
          categories: { match: 'any', ids: [CAT_A, CAT_B] },
          status: 'closed',
          recordedBy: { mode: 'only', ids: [STAFF] },
        },
        report: { type: 'summary-table', primary: { by: 'tutor-group' }, secondary: { by: 'month' } },
      },
    ],
    [
      'every category, words left out, anyone but one author, unassigned, an agency, each incident once, by hour',
      {
        ...base,
        filters: {
          dates: { kind: 'quick', range: 'last-month' },
          categories: { match: 'all', ids: [CAT_A, CAT_B] },
          status: 'active',
          recordedBy: { mode: 'exclude', ids: [STAFF] },
          words: { match: 'exclude', list: ['lunch', 'money'] },
          assignedTo: { ids: [], unassigned: true },
          agencies: { ids: [AGENCY] },
          includeLinked: false,
        },
        report: { type: 'summary-table', primary: { by: 'hour' }, secondary: null },
      },
    ],
    [
      'dates between and a stacked column chart of percentages',
      {
        ...base,
        filters: { ...base.filters, dates: { kind: 'between', from: '2026-01-05', to: '2026-03-31' } },
        report: {
          type: 'summary-chart',
          chart: 'column',
          values: 'percentages',
          series: 'grouped',
          primary: { by: 'year-group' },
          secondary: { by: 'category' },
        },
      },
    ],
    [
      'an open-ended start date and a pie',
      {
        ...base,
        filters: { ...base.filters, dates: { kind: 'between', from: '2025-09-01', to: null } },
        report: {
          type: 'summary-chart',
          chart: 'pie',
          values: 'counts',
          series: 'stacked',
          primary: { by: 'weekday' },
          secondary: null,
        },
      },
    ],
    [
      'pupil filters on the incident’s pupil and an incident custom field',
      {
        ...base,
        filters: {
          ...base.filters,
          pupils: PUPILS,
          customFields: { [FIELD]: ['Playground', 'Online'] },
        },
      },
    ],
    [
      'pupil filters monitored between dates in every ticked category, archived included',
      {
        ...base,
        filters: {
          ...base.filters,
          pupils: {
            ...NO_PUPIL_FILTERS,
            monitored: {
              when: 'between',
              from: '2026-01-01',
              to: '2026-02-01',
              categoryIds: [CAT_A, CAT_B],
              match: 'all',
            },
            age: { from: null, to: 12 },
            includeArchived: true,
          },
        },
      },
    ],
  ];
  for (const [name, definition] of cases)
    it(name, () => {
      const form = throughTheAddress(definition);
      expect(form.fieldErrors).toEqual({});
      expect(form.definition).toEqual(definition);
    });

  it('fills in the form’s fields as a person would see them chosen', () => {
    expect(definitionFormValues(cases[2]![1])).toMatchObject({
      categoryMatch: 'all',
      word: ['lunch', 'money'],
      wordMatch: 'exclude',
      recordedByMode: 'exclude',
      assignedTo: 'unassigned',
      agency: [AGENCY],
      linked: 'exclude',
      primary: 'hour',
    });
    expect(definitionFormValues(cases[3]![1])).toMatchObject({
      range: 'between',
      from: '2026-01-05',
      to: '2026-03-31',
      display: 'column',
      values: 'percentages',
      series: 'grouped',
      secondary: 'category',
    });
  });

  it('writes the pupil filters under the Attendance page’s names, and none when there are none', () => {
    const q = customReportQuery(definitionFormValues(cases[5]![1]));
    expect(q.get('monitored')).toBe('now');
    expect(q.getAll('monitoredCategory')).toEqual([CAT_A]);
    expect(q.get('pupilPremium')).toBe('yes');
    expect(q.get(`cf-${PUPIL_FIELD}`)).toBe('Bus');
    expect(q.getAll(`icf-${FIELD}`)).toEqual(['Playground', 'Online']);
    const plain = [...customReportQuery(definitionFormValues(base)).keys()];
    expect(plain.some((k) => k === 'monitored' || k.startsWith('cf-') || k.startsWith('icf-'))).toBe(false);
    expect(throughTheAddress(base).definition?.filters).not.toHaveProperty('pupils');
  });
});

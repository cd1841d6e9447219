/**
 * The report definition (what saved reports store), its quick date ranges
 * read from the school calendar, the Custom report form's mapping onto it
 * (messages by field, what was typed kept), and laying counts out as a
 * summary table.
 */
import { describe, expect, it } from 'vitest';
import type { CalendarYear } from '@/lib/calendar/rule';
import { dayRangeOf, quickRangeDays } from '@/lib/reports/date-range';
import { reportDefinition, type ReportDefinition } from '@/lib/reports/definition';
import { parseCustomReportQuery } from '@/lib/reports/form';
import type { CountRow } from '@/lib/reports/incident-query';
import { buildSummaryTable } from '@/lib/reports/summary-table';

const valid: ReportDefinition = {
  version: 1,
  subject: 'incidents',
  filters: {
    dates: { kind: 'between', from: '2026-01-01', to: '2026-03-31' },
    categories: { match: 'any', ids: ['0b5e7a5e-8a5c-4d5e-9a1b-2c3d4e5f6a7b'] },
    status: 'active',
    recordedBy: { mode: 'only', ids: [] },
  },
  report: { type: 'summary-table', primary: { by: 'tutor-group' }, secondary: { by: 'month' } },
};

const messages = (input: unknown) => {
  const r = reportDefinition.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('the report definition', () => {
  it('accepts a whole definition and survives a round trip through JSON (saved reports)', () => {
    expect(reportDefinition.parse(JSON.parse(JSON.stringify(valid)))).toEqual(valid);
    for (const range of ['last-7-days', 'last-month', 'this-term', 'this-academic-year'])
      expect(messages({ ...valid, filters: { ...valid.filters, dates: { kind: 'quick', range } } })).toEqual([]);
  });

  it('refuses bad dates, and a start after the end', () => {
    const dates = (d: unknown) => messages({ ...valid, filters: { ...valid.filters, dates: d } });
    expect(dates({ kind: 'between', from: '2026-02-30', to: null })).toEqual([
      'filters.dates.from: Enter a real date, such as 2026-03-01.',
    ]);
    expect(dates({ kind: 'between', from: '1999-12-31', to: null })).toEqual([
      'filters.dates.from: Choose a date from 2000 onwards.',
    ]);
    expect(dates({ kind: 'between', from: '2026-04-01', to: '2026-03-01' })).toEqual([
      'filters.dates.to: Choose an end date on or after the start date.',
    ]);
    expect(dates({ kind: 'between', from: null, to: null })).toEqual([
      'filters.dates.from: Enter a start date, an end date or both.',
    ]);
    expect(dates({ kind: 'quick', range: 'last-decade' })).not.toEqual([]);
  });

  it('refuses an unknown grouping, report type, subject or version, and the same grouping twice', () => {
    const report = (r: unknown) => messages({ ...valid, report: r });
    expect(report({ type: 'summary-table', primary: { by: 'shoe-size' }, secondary: null })).not.toEqual([]);
    expect(report({ type: 'pie', primary: { by: 'category' }, secondary: null })).not.toEqual([]);
    expect(report({ type: 'summary-table', primary: { by: 'month' }, secondary: { by: 'month' } })).toEqual([
      'report.secondary: Choose a different second grouping, or none.',
    ]);
    expect(messages({ ...valid, subject: 'students' })).not.toEqual([]);
    expect(messages({ ...valid, version: 2 })).not.toEqual([]);
  });

  it('refuses unknown keys and ids that are not ids (nothing extra is stored)', () => {
    expect(messages({ ...valid, sql: 'drop table incidents' })).not.toEqual([]);
    expect(
      messages({ ...valid, filters: { ...valid.filters, categories: { match: 'any', ids: ["1' or '1'='1"] } } }),
    ).toEqual(['filters.categories.ids.0: Choose from the list.']);
  });
});

describe('quick ranges', () => {
  const years: CalendarYear[] = [
    {
      id: 'y1',
      name: '2026/27',
      startsOn: '2026-09-03',
      endsOn: '2027-07-21',
      terms: [
        { name: 'Autumn', startsOn: '2026-09-03', endsOn: '2026-12-18' },
        { name: 'Spring', startsOn: '2027-01-05', endsOn: '2027-03-26' },
        { name: 'Summer', startsOn: '2027-04-12', endsOn: '2027-07-21' },
      ],
      closures: [],
    },
  ];

  it('last 7 days and last month end today', () => {
    expect(quickRangeDays('last-7-days', '2026-12-03', years)).toEqual({ from: '2026-11-27', to: '2026-12-03' });
    expect(quickRangeDays('last-month', '2026-12-03', years)).toEqual({ from: '2026-11-04', to: '2026-12-03' });
    expect(quickRangeDays('last-month', '2027-03-31', years)).toEqual({ from: '2027-03-01', to: '2027-03-31' });
  });

  it('this term and this academic year come from the school’s calendar, holidays belonging to the term before', () => {
    expect(quickRangeDays('this-term', '2026-12-03', years)).toEqual({ from: '2026-09-03', to: '2026-12-18' });
    expect(quickRangeDays('this-term', '2026-12-28', years)).toEqual({ from: '2026-09-03', to: '2026-12-18' });
    expect(quickRangeDays('this-academic-year', '2027-08-10', years)).toEqual({ from: '2026-09-03', to: '2027-07-21' });
  });

  it('fall back to the England default where the school has no year', () => {
    expect(quickRangeDays('this-academic-year', '2026-03-01', years)).toEqual({ from: '2025-09-01', to: '2026-08-31' });
    expect(quickRangeDays('this-term', '2026-03-01', [])).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(dayRangeOf({ kind: 'any' }, '2026-03-01', years)).toEqual({ from: null, to: null });
  });
});

describe('the Custom report form', () => {
  it('opens with defaults and runs nothing until submitted', () => {
    const form = parseCustomReportQuery({});
    expect(form).toMatchObject({ submitted: false, definition: null, fieldErrors: {} });
    expect(form.values.range).toBe('this-academic-year');
  });

  it('maps the fields onto a definition', () => {
    const form = parseCustomReportQuery({
      range: 'this-term',
      category: ['0b5e7a5e-8a5c-4d5e-9a1b-2c3d4e5f6a7b'],
      status: 'closed',
      primary: 'category',
      secondary: 'weekday',
    });
    expect(form.fieldErrors).toEqual({});
    expect(form.definition).toMatchObject({
      filters: { dates: { kind: 'quick', range: 'this-term' }, status: 'closed' },
      report: { primary: { by: 'category' }, secondary: { by: 'weekday' } },
    });
  });

  it('puts each message next to its field and keeps what was typed', () => {
    const form = parseCustomReportQuery({
      range: 'between',
      from: '2026-13-01',
      to: '2026-01-01',
      category: 'not-an-id',
      primary: 'tutor-group',
      secondary: 'tutor-group',
    });
    expect(form.definition).toBeNull();
    expect(form.values).toMatchObject({ from: '2026-13-01', category: ['not-an-id'], secondary: 'tutor-group' });
    expect(form.fieldErrors).toEqual({
      from: ['Enter a real date, such as 2026-03-01.'],
      category: ['Choose from the list.'],
      secondary: ['Choose a different second grouping, or none.'],
    });
    expect(parseCustomReportQuery({ range: 'this-term', from: '2026-01-01', primary: 'month' }).fieldErrors).toEqual({
      range: ['Choose “Between dates” to use the dates you entered, or clear them.'],
    });
    expect(parseCustomReportQuery({ range: 'forever', primary: 'month' }).fieldErrors).toEqual({
      range: ['Choose a date range from the list.'],
    });
  });
});

describe('the summary table', () => {
  const row = (pk: string | null, sk: string | null, count: number, pt = false, st = false): CountRow => ({
    primaryKey: pk,
    primaryLabel: pk,
    secondaryKey: sk,
    secondaryLabel: sk,
    primaryTotal: pt,
    secondaryTotal: st,
    count,
  });

  it('orders groups as people read them, "none" last, with totals from the statement', () => {
    const table = buildSummaryTable(
      [
        row('10B', '2026-04', 1),
        row('7A', '2026-03', 2),
        row(null, '2026-03', 1),
        row('10B', null, 1, false, true),
        row('7A', null, 2, false, true),
        row(null, null, 1, false, true),
        row(null, '2026-03', 3, true, false),
        row(null, '2026-04', 1, true, false),
        row(null, null, 4, true, true),
      ],
      'tutor-group',
      'month',
      [],
    );
    expect(table.columns.map((c) => c.label)).toEqual(['March 2026', 'April 2026']);
    expect(table.rows.map((r) => [r.label, ...r.cells, r.total])).toEqual([
      ['7A', 2, 0, 2],
      ['10B', 0, 1, 1],
      ['No tutor group', 1, 0, 1],
    ]);
    expect(table.columnTotals).toEqual([3, 1]);
    expect(table.total).toBe(4);
    expect(table.countsPerCategory).toBe(false);
  });
});

/**
 * Summary charts: the definition's new report type (stored table definitions
 * stay valid, a pie takes one grouping), the form's "Show as" choices, and
 * shaping a summary table into what the chart draws — counts or shares,
 * series from the second grouping, each category in its own colour and a
 * calm palette otherwise.
 */
import { describe, expect, it } from 'vitest';
import { CALM_PALETTE, CALM_SINGLE, share, singleSeriesChart, summaryChartData } from '@/lib/reports/chart-data';
import { reportDefinition, type ReportDefinition } from '@/lib/reports/definition';
import { parseCustomReportQuery } from '@/lib/reports/form';
import type { SummaryTable } from '@/lib/reports/summary-table';

const filters: ReportDefinition['filters'] = {
  dates: { kind: 'any' },
  categories: { match: 'any', ids: [] },
  status: 'any',
  recordedBy: { mode: 'only', ids: [] },
};

const messages = (report: unknown) => {
  const r = reportDefinition.safeParse({ version: 1, subject: 'incidents', filters, report });
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('the summary chart definition', () => {
  const chart = { type: 'summary-chart', chart: 'column', values: 'counts', series: 'stacked' };

  it('accepts each kind, and a table definition stored before charts existed is still valid', () => {
    for (const kind of ['pie', 'column', 'bar'])
      expect(messages({ ...chart, chart: kind, primary: { by: 'tutor-group' }, secondary: null })).toEqual([]);
    expect(messages({ type: 'summary-table', primary: { by: 'category' }, secondary: null })).toEqual([]);
    expect(
      messages({
        ...chart,
        values: 'percentages',
        series: 'grouped',
        primary: { by: 'month' },
        secondary: { by: 'category' },
      }),
    ).toEqual([]);
  });

  it('refuses a pie with two groupings, an unknown kind and extra keys', () => {
    expect(messages({ ...chart, chart: 'pie', primary: { by: 'category' }, secondary: { by: 'month' } })).toEqual([
      'report.secondary: A pie chart shows one grouping: choose no second grouping, or a column or bar chart.',
    ]);
    expect(messages({ ...chart, chart: 'donut', primary: { by: 'category' }, secondary: null })).not.toEqual([]);
    expect(messages({ ...chart, values: 'ratios', primary: { by: 'category' }, secondary: null })).not.toEqual([]);
    expect(messages({ ...chart, colour: 'red', primary: { by: 'category' }, secondary: null })).not.toEqual([]);
  });
});

describe('the Custom report form’s chart choices', () => {
  it('a form without them (a bookmark from before charts) asks for the table', () => {
    expect(parseCustomReportQuery({ primary: 'category' }).definition?.report).toEqual({
      type: 'summary-table',
      primary: { by: 'category' },
      secondary: null,
    });
  });

  it('maps "Show as" onto a summary chart', () => {
    const form = parseCustomReportQuery({
      range: 'this-term',
      primary: 'tutor-group',
      secondary: 'category',
      display: 'column',
      values: 'percentages',
      series: 'grouped',
    });
    expect(form.fieldErrors).toEqual({});
    expect(form.definition?.report).toEqual({
      type: 'summary-chart',
      chart: 'column',
      values: 'percentages',
      series: 'grouped',
      primary: { by: 'tutor-group' },
      secondary: { by: 'category' },
    });
  });

  it('puts chart messages next to their fields and keeps what was typed', () => {
    const pie = parseCustomReportQuery({ primary: 'category', secondary: 'month', display: 'pie' });
    expect(pie.definition).toBeNull();
    expect(pie.fieldErrors).toEqual({
      secondary: ['A pie chart shows one grouping: choose no second grouping, or a column or bar chart.'],
    });
    const forged = parseCustomReportQuery({ primary: 'category', display: 'radar', values: 'x', series: 'y' });
    expect(forged.values).toMatchObject({ display: 'radar', values: 'x', series: 'y' });
    expect(forged.fieldErrors).toEqual({
      display: ['Choose a table or a chart from the list.'],
      values: ['Choose counts or percentages.'],
      series: ['Choose stacked or side by side.'],
    });
  });
});

const table = (secondary: boolean): SummaryTable => ({
  primary: { by: secondary ? 'tutor-group' : 'category', label: secondary ? 'Tutor group' : 'Category' },
  secondary: secondary ? { by: 'category', label: 'Category' } : null,
  columns: secondary
    ? [
        { key: 'cat-b', label: 'Behaviour' },
        { key: 'cat-x', label: 'Attendance' },
      ]
    : [],
  rows: secondary
    ? [
        { key: '7A', label: '7A', cells: [3, 1], total: 4 },
        { key: '7B', label: '7B', cells: [0, 0], total: 0 },
      ]
    : [
        { key: 'cat-b', label: 'Behaviour', cells: [], total: 3 },
        { key: 'cat-x', label: 'Attendance', cells: [], total: 1 },
      ],
  columnTotals: secondary ? [3, 1] : [],
  total: 4,
  countsPerCategory: true,
});

const colours: Record<string, string> = { 'cat-b': '#e11d48' };
const categoryColour = (key: string | null) => (key ? (colours[key] ?? null) : null);

describe('a summary table as a chart', () => {
  it('one grouping: counts, or each group’s share of all of them, categories in their own colours', () => {
    const counts = summaryChartData(
      table(false),
      { chart: 'pie', values: 'counts', series: 'stacked' },
      categoryColour,
    );
    expect(counts).toMatchObject({ kind: 'pie', unit: 'count', labels: ['Behaviour', 'Attendance'], stacked: false });
    // Attendance has no colour of its own here: it takes the palette's first.
    expect(counts.series).toEqual([
      { label: 'Incidents', colours: ['#e11d48', CALM_PALETTE[0]], values: [3, 1], counts: [3, 1] },
    ]);
    const shares = summaryChartData(
      table(false),
      { chart: 'bar', values: 'percentages', series: 'stacked' },
      categoryColour,
    );
    expect(shares.unit).toBe('percent');
    expect(shares.series[0]).toMatchObject({ values: [75, 25], counts: [3, 1] });
  });

  it('two groupings: a series per second group, shares within each primary group, stacked or side by side', () => {
    const spec = summaryChartData(
      table(true),
      { chart: 'column', values: 'percentages', series: 'grouped' },
      categoryColour,
    );
    expect(spec.stacked).toBe(false);
    expect(spec.labels).toEqual(['7A', '7B']);
    expect(spec.series).toEqual([
      { label: 'Behaviour', colours: ['#e11d48', '#e11d48'], values: [75, 0], counts: [3, 0] },
      { label: 'Attendance', colours: [CALM_PALETTE[0], CALM_PALETTE[0]], values: [25, 0], counts: [1, 0] },
    ]);
    expect(
      summaryChartData(table(true), { chart: 'column', values: 'counts', series: 'stacked' }, categoryColour).stacked,
    ).toBe(true);
  });

  it('groups that are not categories take the calm colours, whatever the category colours say', () => {
    const byGroup: SummaryTable = { ...table(false), primary: { by: 'tutor-group', label: 'Tutor group' } };
    const column = summaryChartData(byGroup, { chart: 'column', values: 'counts', series: 'stacked' }, categoryColour);
    expect(column.series[0]!.colours).toEqual([CALM_SINGLE, CALM_SINGLE]);
    const pie = summaryChartData(byGroup, { chart: 'pie', values: 'counts', series: 'stacked' }, categoryColour);
    expect(pie.series[0]!.colours).toEqual([CALM_PALETTE[0], CALM_PALETTE[1]]);
  });

  it('months keep their full names for the tooltip and the table, and short ones for the axis', () => {
    const byMonth: SummaryTable = {
      ...table(false),
      primary: { by: 'month', label: 'Month and year' },
      rows: [
        { key: '2026-09', label: 'September 2026', cells: [], total: 2 },
        { key: null, label: 'None', cells: [], total: 1 },
      ],
    };
    const spec = summaryChartData(byMonth, { chart: 'column', values: 'counts', series: 'stacked' }, categoryColour);
    expect(spec.labels).toEqual(['September 2026', 'None']);
    expect(spec.axisLabels).toEqual(['Sept 2026', 'None']);
    expect(
      summaryChartData(table(false), { chart: 'column', values: 'counts', series: 'stacked' }, categoryColour)
        .axisLabels,
    ).toBeUndefined();
  });

  it('shares: to one decimal place, and nothing of nothing is 0', () => {
    expect(share(1, 3)).toBe(33.3);
    expect(share(0, 0)).toBe(0);
  });

  it('a single series of groups for the Graphs page keeps their own colours where asked', () => {
    const spec = singleSeriesChart(
      'column',
      'pupils',
      [
        { key: 'a', label: 'Neglect', count: 2, colour: '#111111' },
        { key: 'b', label: 'Behaviour', count: 1, colour: null },
      ],
      { perGroupColours: true },
    );
    expect(spec.series).toEqual([
      { label: 'Pupils', colours: ['#111111', CALM_PALETTE[0]], values: [2, 1], counts: [2, 1] },
    ]);
  });
});

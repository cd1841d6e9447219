/**
 * The combined graph: its definition (both groupings required and different;
 * stored definitions of the other types stay valid), the form's "Show as"
 * choice and its way back from a saved report, the chart it draws (the first
 * grouping's totals as columns, a line per group of the second, counts or
 * each series' shares along the axis), its title, and its PDF drawing (the
 * lines pass through each value's height at each column's centre, with a key).
 */
import { describe, expect, it } from 'vitest';
import { layoutChart, type ChartInput, type Mark, type TextMeasure } from '@/lib/pdf/chart-layout';
import { LINE_THICKNESS, POINT_RADIUS } from '@/lib/pdf/chart-lines';
import { PdfFlow } from '@/lib/pdf/flow';
import { drawChart } from '@/lib/pdf/vector-chart';
import { CALM_PALETTE, CALM_SINGLE, combinedChartData } from '@/lib/reports/chart-data';
import { reportDefinition, type ReportDefinition } from '@/lib/reports/definition';
import { definitionFormValues } from '@/lib/reports/definition-form';
import { reportTitle } from '@/lib/reports/describe';
import { COMBINED_NEEDS_SECOND, customReportQuery, parseCustomReportQuery } from '@/lib/reports/form';
import type { SummaryTable } from '@/lib/reports/summary-table';
import { pdfFacts, pdfText } from '../support/pdf';

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

const combined = {
  type: 'combined-graph',
  values: 'counts',
  primary: { by: 'month' },
  secondary: { by: 'category' },
} as const;

describe('the combined graph definition', () => {
  it('accepts two different groupings, counts or percentages, and survives JSON (saved reports)', () => {
    expect(messages(combined)).toEqual([]);
    expect(messages({ ...combined, values: 'percentages' })).toEqual([]);
    const definition = reportDefinition.parse({ version: 1, subject: 'incidents', filters, report: combined });
    expect(reportDefinition.parse(JSON.parse(JSON.stringify(definition)))).toEqual(definition);
  });

  it('refuses one grouping, the same grouping twice, unknown values and extra keys', () => {
    expect(messages({ ...combined, secondary: null })).not.toEqual([]);
    expect(messages({ ...combined, secondary: { by: 'month' } })).toEqual([
      'report.secondary: Choose a different second grouping.',
    ]);
    expect(messages({ ...combined, values: 'ratios' })).not.toEqual([]);
    expect(messages({ ...combined, chart: 'column' })).not.toEqual([]);
    expect(messages({ ...combined, series: 'stacked' })).not.toEqual([]);
  });

  it('the other types stored before it stay valid', () => {
    expect(messages({ type: 'summary-table', primary: { by: 'category' }, secondary: null })).toEqual([]);
    expect(
      messages({
        type: 'summary-chart',
        chart: 'pie',
        values: 'counts',
        series: 'stacked',
        primary: { by: 'category' },
        secondary: null,
      }),
    ).toEqual([]);
  });
});

describe('the Custom report form’s combined graph', () => {
  it('maps "Show as" onto a combined graph', () => {
    const form = parseCustomReportQuery({
      primary: 'month',
      secondary: 'category',
      display: 'combined',
      values: 'percentages',
    });
    expect(form.fieldErrors).toEqual({});
    expect(form.definition?.report).toEqual({ ...combined, values: 'percentages' });
  });

  it('asks for the second grouping beside its field, and for a different one, keeping what was chosen', () => {
    const none = parseCustomReportQuery({ primary: 'month', secondary: '', display: 'combined' });
    expect(none.definition).toBeNull();
    expect(none.fieldErrors).toEqual({ secondary: [COMBINED_NEEDS_SECOND] });
    expect(none.values).toMatchObject({ primary: 'month', display: 'combined' });
    const same = parseCustomReportQuery({ primary: 'month', secondary: 'month', display: 'combined' });
    expect(same.fieldErrors).toEqual({ secondary: ['Choose a different second grouping.'] });
  });

  it('a saved combined graph opens in the form as itself', () => {
    const definition = reportDefinition.parse({
      version: 1,
      subject: 'incidents',
      filters,
      report: { ...combined, values: 'percentages' },
    });
    const values = definitionFormValues(definition);
    expect(values).toMatchObject({
      display: 'combined',
      values: 'percentages',
      primary: 'month',
      secondary: 'category',
    });
    const query: Record<string, string[]> = {};
    for (const [k, v] of customReportQuery(values)) (query[k] ??= []).push(v);
    expect(parseCustomReportQuery(query).definition).toEqual(definition);
  });
});

const table: SummaryTable = {
  primary: { by: 'month', label: 'Month and year' },
  secondary: { by: 'category', label: 'Category' },
  columns: [
    { key: 'cat-b', label: 'Behaviour' },
    { key: 'cat-x', label: 'Attendance' },
    { key: 'cat-y', label: 'Neglect' },
  ],
  rows: [
    // An incident in two categories: the total counts it once, each line once.
    { key: '2026-09', label: 'September 2026', cells: [3, 1, 0], total: 3 },
    { key: '2026-10', label: 'October 2026', cells: [1, 3, 0], total: 4 },
    { key: '2026-11', label: 'November 2026', cells: [0, 0, 0], total: 1 },
  ],
  columnTotals: [4, 4, 0],
  total: 8,
  countsPerCategory: true,
};
const categoryColour = (key: string | null) => (key === 'cat-b' ? '#e11d48' : null);

describe('a summary table as a combined graph', () => {
  it('counts: the totals as columns, a line per second group, categories in their colours', () => {
    const spec = combinedChartData(table, 'counts', categoryColour);
    expect(spec).toMatchObject({ kind: 'column', unit: 'count', stacked: false, noun: 'incidents' });
    expect(spec.labels).toEqual(['September 2026', 'October 2026', 'November 2026']);
    expect(spec.axisLabels).toEqual(['Sept 2026', 'Oct 2026', 'Nov 2026']);
    expect(spec.series).toEqual([
      {
        label: 'All incidents by month and year',
        colours: [CALM_SINGLE, CALM_SINGLE, CALM_SINGLE],
        values: [3, 4, 1],
        counts: [3, 4, 1],
      },
    ]);
    expect(spec.lines).toEqual([
      { label: 'Behaviour', colours: Array(3).fill('#e11d48'), values: [3, 1, 0], counts: [3, 1, 0] },
      // Never the columns' colour: the palette after it.
      { label: 'Attendance', colours: Array(3).fill(CALM_PALETTE[1]), values: [1, 3, 0], counts: [1, 3, 0] },
      { label: 'Neglect', colours: Array(3).fill(CALM_PALETTE[2]), values: [0, 0, 0], counts: [0, 0, 0] },
    ]);
  });

  it('percentages: each series shared out along the axis, nothing of nothing is 0', () => {
    const spec = combinedChartData(table, 'percentages', categoryColour);
    expect(spec.unit).toBe('percent');
    expect(spec.series[0]).toMatchObject({ values: [37.5, 50, 12.5], counts: [3, 4, 1] });
    expect(spec.lines?.map((l) => l.values)).toEqual([
      [75, 25, 0],
      [25, 75, 0],
      [0, 0, 0],
    ]);
  });

  it('is titled with what its lines are', () => {
    expect(reportTitle(table, { type: 'combined-graph' })).toBe(
      'Incidents by month and year, with a line per category',
    );
    expect(reportTitle(table, { type: 'summary-chart' })).toBe('Incidents by month and year and category');
  });
});

// Every character half its size wide: exact to reason about.
const measure: TextMeasure = (text, size) => [...text].length * size * 0.5;
const options = { width: 499, pageHeight: PdfFlow.pageContentHeight, measure, groupTitle: 'Month and year' };
const of = <K extends Mark['kind']>(list: Mark[], kind: K) =>
  list.filter((m): m is Extract<Mark, { kind: K }> => m.kind === kind);

describe('a combined graph drawn for a PDF', () => {
  const spec: ChartInput = combinedChartData(table, 'counts', categoryColour);
  const blocks = layoutChart(spec, options);
  const panel = blocks.at(-1)!.marks;
  const legend = blocks.slice(0, -1).flatMap((b) => b.marks);

  it('draws a line per group through each value at each column’s centre, on the columns’ scale', () => {
    const columns = of(panel, 'rect');
    expect(columns).toHaveLength(3);
    const baseline = columns[0]!.y + columns[0]!.height;
    // The scale from the columns: 4 incidents are as tall as October's column.
    const perIncident = columns[1]!.height / 4;
    const centres = columns.map((c) => c.x + c.width / 2);
    const heightAt = (v: number) => baseline - v * perIncident;
    const strokes = of(panel, 'line').filter((l) => l.thickness === LINE_THICKNESS);
    // Two segments for each of the three lines.
    expect(strokes).toHaveLength(6);
    const behaviour = strokes.filter((l) => l.colour === '#e11d48');
    expect(behaviour.map((l) => [l.x1, l.y1, l.x2, l.y2])).toEqual(
      [
        [centres[0], heightAt(3), centres[1], heightAt(1)],
        [centres[1], heightAt(1), centres[2], heightAt(0)],
      ].map((seg) => seg.map((n) => expect.closeTo(n!, 6))),
    );
    // A point at every group of every line, drawn over the segments.
    const points = of(panel, 'slice').filter((p) => p.r === POINT_RADIUS);
    expect(points).toHaveLength(9);
    expect(panel.lastIndexOf(strokes.at(-1)!)).toBeLessThan(panel.indexOf(points[0]!));
    expect(points.filter((p) => p.colour === '#e11d48').map((p) => [p.cx, p.cy])).toEqual(
      [0, 1, 2].map((j) => [expect.closeTo(centres[j]!, 6), expect.closeTo(heightAt([3, 1, 0][j]!), 6)]),
    );
  });

  it('keys the columns with a square and each line with a stroke through a point', () => {
    const words = of(legend, 'text').map((t) => t.text);
    expect(words).toEqual(['All incidents by month and year', 'Behaviour', 'Attendance', 'Neglect']);
    expect(of(legend, 'rect')).toHaveLength(1);
    expect(of(legend, 'line').map((l) => l.colour)).toEqual(['#e11d48', CALM_PALETTE[1], CALM_PALETTE[2]]);
    expect(of(legend, 'slice')).toHaveLength(3);
  });

  it('the value axis reaches the highest line as well as the highest column', () => {
    const tall: ChartInput = { ...spec, lines: [{ ...spec.lines![0]!, values: [9, 0, 0], counts: [9, 0, 0] }] };
    const marks = layoutChart(tall, options).at(-1)!.marks;
    const top = Math.min(...of(marks, 'slice').map((p) => p.cy));
    const ticks = of(marks, 'text')
      .filter((t) => t.align === 'right')
      .map((t) => Number(t.text));
    expect(Math.max(...ticks)).toBeGreaterThanOrEqual(9);
    // The highest point is inside the plot, not above the grid's top line.
    const gridTop = Math.min(
      ...of(marks, 'line')
        .filter((l) => l.thickness !== LINE_THICKNESS)
        .map((l) => l.y1),
    );
    expect(top).toBeGreaterThanOrEqual(gridTop - 1e-6);
  });

  it('in the file: vector marks, the key’s words as text, no image', async () => {
    const flow = await PdfFlow.create({
      title: 'Combined',
      header: { title: 'Łukasz Żółć School', notice: 'Confidential', badge: 'CONFIDENTIAL', logo: null },
      footer: 'Test',
    });
    drawChart(flow, { ...spec, lines: [{ ...spec.lines![0]!, label: 'Nguyễn Thảo’s group' }] }, 'Month and year');
    const bytes = await flow.save();
    const text = pdfText(bytes);
    expect(text).toContain('Nguyễn Thảo’s group');
    expect(text).toContain('All incidents by month and year');
    expect(pdfFacts(bytes).images).toBe(0);
  });
});

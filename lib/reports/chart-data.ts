/**
 * What a chart draws, as plain data a client component can receive: the
 * groups, one or more series of values, their colours and, beside each
 * value, the count it came from (a tap on a percentage still tells how many).
 * Summary charts are shaped from the summary table (./summary-table.ts), so a
 * chart and the table under it always agree; the Graphs and Overview pages
 * shape their own counts with `singleSeriesChart`.
 *
 * Colours are calm: a category's own colour where the groups are categories
 * (the colour the school chose for its lozenge), otherwise a muted palette
 * that stays distinguishable for the common colour-vision deficiencies.
 *
 * Pure module.
 */
import type { ChartKind, ChartSeriesLayout, ChartValues, ReportGrouping } from './definition';
import type { SummaryTable, TableGroup } from './summary-table';

export const CALM_PALETTE = [
  '#3b7ea1',
  '#d08c3e',
  '#5e9c76',
  '#8a6fa8',
  '#c2676b',
  '#4f9a9a',
  '#a58d5a',
  '#6a7fb5',
  '#9c6b8e',
  '#7d8a4e',
] as const;

/** The one colour of a series that has no groups of its own to colour (a single set of columns). */
export const CALM_SINGLE = '#3b7ea1';

export interface ChartSeries {
  label: string;
  /** One colour per group (a pie's slices, a column per category), or the series' one colour repeated. */
  colours: string[];
  /** What is drawn: counts, or percentages to one decimal place. */
  values: number[];
  /** The counts behind the values, for the tooltip and the table. */
  counts: number[];
}

export interface ChartSpec {
  kind: ChartKind;
  /** Percentages draw shares (of the whole, or of each group when there are series). */
  unit: 'count' | 'percent';
  stacked: boolean;
  labels: string[];
  series: ChartSeries[];
  /** What one thing counted is called, for the axis and the tooltip ("incidents", "pupils"). */
  noun: string;
  /** The value axis' end when it is fixed (shares that add up to 100); otherwise it fits the values. */
  max?: number;
  /** Where the value axis starts when not at 0 (close percentages would otherwise look alike); the page says so. */
  min?: number;
  /** Shorter words for the axis ("Sep 2026"), where the groups have them; tooltips and tables keep `labels`. */
  axisLabels?: string[];
  /** Series drawn as lines over the same groups and value axis (a combined graph's second grouping). */
  lines?: ChartSeries[];
}

const SHORT_MONTH = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** "2026-09" → "Sep 2026", for a month axis on a phone. */
export function shortMonth(key: string): string {
  const [y, m] = key.split('-').map(Number) as [number, number];
  return SHORT_MONTH.format(new Date(Date.UTC(y, m - 1, 1)));
}

/** Short axis words for month groups ("None" stays as it is). */
export function monthAxisLabels(groups: readonly TableGroup[]): string[] {
  return groups.map((g) => (g.key ? shortMonth(g.key) : g.label));
}

export type ColourOf = (key: string | null) => string | null;

const byCategory = (by: ReportGrouping) => by === 'category' || by === 'parent-category';

/** Each group's colour: its category's own where it has one, else the palette in turn. */
export function groupColours(groups: readonly TableGroup[], colourOf: ColourOf | null): string[] {
  let next = 0;
  return groups.map((g) => colourOf?.(g.key) ?? CALM_PALETTE[next++ % CALM_PALETTE.length]!);
}

/** A share to one decimal place; nothing of nothing is 0, not NaN. */
export function share(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10;
}

export interface ChartChoice {
  chart: ChartKind;
  values: ChartValues;
  series: ChartSeriesLayout;
}

/**
 * A summary chart from its table. Without a second grouping there is one
 * series and a percentage is a group's share of all the groups' counts (an
 * incident in two categories is in both slices, as in the table's rows);
 * with one, each second-grouping group is a series and a percentage is its
 * share within the primary group, so each column adds up to 100.
 */
export function summaryChartData(table: SummaryTable, choice: ChartChoice, categoryColour: ColourOf): ChartSpec {
  const colourOf = (by: ReportGrouping) => (byCategory(by) ? categoryColour : null);
  const labels = table.rows.map((r) => r.label);
  const percent = choice.values === 'percentages';
  const base = {
    kind: choice.chart,
    unit: percent ? 'percent' : 'count',
    labels,
    noun: 'incidents',
    ...(percent ? { max: 100 } : {}),
    ...(table.primary.by === 'month' ? { axisLabels: monthAxisLabels(table.rows) } : {}),
  } as const;
  if (!table.secondary) {
    const counts = table.rows.map((r) => r.total);
    const whole = counts.reduce((a, b) => a + b, 0);
    const perGroup = choice.chart === 'pie' || byCategory(table.primary.by);
    return {
      ...base,
      stacked: false,
      series: [
        {
          label: 'Incidents',
          colours: perGroup ? groupColours(table.rows, colourOf(table.primary.by)) : labels.map(() => CALM_SINGLE),
          values: percent ? counts.map((c) => share(c, whole)) : counts,
          counts,
        },
      ],
    };
  }
  const colours = groupColours(table.columns, colourOf(table.secondary.by));
  const rowSums = table.rows.map((r) => r.cells.reduce((a, b) => a + b, 0));
  return {
    ...base,
    stacked: choice.series === 'stacked',
    series: table.columns.map((col, i) => {
      const counts = table.rows.map((r) => r.cells[i] ?? 0);
      return {
        label: col.label,
        colours: labels.map(() => colours[i]!),
        values: percent ? counts.map((c, j) => share(c, rowSums[j]!)) : counts,
        counts,
      };
    }),
  };
}

/**
 * A combined graph from its table: the first grouping's totals as columns
 * (each incident once, as the table's Total column) and a line per group of
 * the second grouping, on one value axis. As percentages, every series is
 * shared out along the axis: the columns are each group's share of all the
 * columns, and each line's points its share of that line's own incidents, so
 * a line that follows the columns' shape is a group behaving like the whole.
 */
export function combinedChartData(
  table: SummaryTable,
  values: ChartValues,
  categoryColour: ColourOf,
  /** What the columns count: "incidents", or "pupils" on Students. */
  counted: 'incidents' | 'pupils' = 'incidents',
): ChartSpec {
  const percent = values === 'percentages';
  const labels = table.rows.map((r) => r.label);
  const totals = table.rows.map((r) => r.total);
  const allTotals = totals.reduce((a, b) => a + b, 0);
  const secondary = table.secondary;
  // The columns take the calm single colour; the lines their categories' colours or the palette after it.
  const colourOf = secondary && byCategory(secondary.by) ? categoryColour : null;
  let next = 0;
  const lineColours = table.columns.map(
    (g) => colourOf?.(g.key) ?? CALM_PALETTE[1 + (next++ % (CALM_PALETTE.length - 1))]!,
  );
  return {
    kind: 'column',
    unit: percent ? 'percent' : 'count',
    stacked: false,
    labels,
    noun: 'incidents',
    ...(table.primary.by === 'month' ? { axisLabels: monthAxisLabels(table.rows) } : {}),
    series: [
      {
        label: `All ${counted} by ${table.primary.label.toLowerCase()}`,
        colours: labels.map(() => CALM_SINGLE),
        values: percent ? totals.map((c) => share(c, allTotals)) : totals,
        counts: totals,
      },
    ],
    lines: table.columns.map((col, i) => {
      const counts = table.rows.map((r) => r.cells[i] ?? 0);
      const whole = counts.reduce((a, b) => a + b, 0);
      return {
        label: col.label,
        colours: labels.map(() => lineColours[i]!),
        values: percent ? counts.map((c) => share(c, whole)) : counts,
        counts,
      };
    }),
  };
}

/** A chart of one set of groups and their counts (the Graphs and Overview pages). */
export function singleSeriesChart(
  kind: ChartKind,
  noun: string,
  groups: readonly (TableGroup & { count: number; colour?: string | null })[],
  options: { perGroupColours?: boolean; seriesLabel?: string } = {},
): ChartSpec {
  const colourOf: ColourOf = (key) => groups.find((g) => g.key === key)?.colour ?? null;
  const perGroup = kind === 'pie' || options.perGroupColours === true;
  return {
    kind,
    unit: 'count',
    stacked: false,
    labels: groups.map((g) => g.label),
    noun,
    series: [
      {
        label: options.seriesLabel ?? noun.charAt(0).toUpperCase() + noun.slice(1),
        colours: perGroup ? groupColours(groups, colourOf) : groups.map(() => CALM_SINGLE),
        values: groups.map((g) => g.count),
        counts: groups.map((g) => g.count),
      },
    ],
  };
}

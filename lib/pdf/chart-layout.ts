/**
 * A chart laid out for a printed page, as marks (rectangles, pie slices,
 * lines, text) in points: x to the right and y downwards from the top left
 * of each block. vector-chart.ts draws the marks with pdf-lib's own
 * operations, so the chart stays sharp at any zoom, its words can be found
 * and copied, and the file holds no image.
 *
 * The chart comes in blocks, each kept whole on one page: a pie, a panel of
 * columns or bars, a row of the legend. Many groups are split into panels
 * drawn on one scale (columns a few dozen points wide each; bars as many as
 * fit a page), so 30 tutor groups stay legible rather than shrinking to
 * hairlines. Long names wrap onto up to three lines and are then shortened
 * with an ellipsis; the table printed under the chart keeps them whole.
 *
 * Pure module: the caller measures text with its font.
 */
import { lineKey, lineMarks } from './chart-lines';
import type { ChartInputSeries, Mark } from './chart-marks';
import { wrapText } from './wrap';

export type { ChartInputSeries, Mark } from './chart-marks';

/** What lib/reports' chart-data.ts shapes (its ChartSpec fits this), the same data as the on-screen chart. */
export interface ChartInput {
  kind: 'pie' | 'column' | 'bar';
  unit: 'count' | 'percent';
  stacked: boolean;
  labels: readonly string[];
  series: readonly ChartInputSeries[];
  noun: string;
  max?: number;
  axisLabels?: readonly string[];
  /** Series drawn as lines with a point at each group, over the columns and on their scale (column charts only). */
  lines?: readonly ChartInputSeries[];
}

export interface ChartBlock {
  height: number;
  marks: Mark[];
}

/** Width of text in points at a size, in the regular or bold face. */
export type TextMeasure = (text: string, size: number, bold: boolean) => number;

export interface ChartLayoutOptions {
  /** Width available on the page. */
  width: number;
  /** The tallest block a page can hold. */
  pageHeight: number;
  measure: TextMeasure;
  /** What the groups are ("Tutor group"), under the group axis. */
  groupTitle: string;
}

export const INK = '#111827';
export const MUTED = '#475569';
export const GRID = '#d5dae1';
export const AXIS = '#64748b';
const WHITE = '#ffffff';
const FALLBACK = '#64748b';

const LABEL_SIZE = 7.5;
const VALUE_SIZE = 7;
const TITLE_SIZE = 8;
const LEGEND_SIZE = 8.5;
const PLOT_HEIGHT = 170;
const MIN_COLUMN_SLOT = 36;
const MAX_BAR_THICKNESS = 56;
const LABEL_LINES = 3;

const numberFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

/** A category colour as stored (#rrggbb); anything else is drawn in a neutral grey rather than failing. */
export function hexColour(value: string | undefined): string {
  return value && /^#[0-9a-fA-F]{6}$/.test(value) ? value.toLowerCase() : FALLBACK;
}

/** Ink or white, whichever reads better on a fill (WCAG relative luminance). */
export function textOn(fill: string): string {
  const hex = hexColour(fill);
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  // Contrast against white vs against ink (#111827, luminance ≈ 0.012).
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.062 ? WHITE : INK;
}

export function formatValue(value: number, unit: ChartInput['unit']): string {
  return unit === 'percent' ? `${numberFormat.format(value)}%` : numberFormat.format(value);
}

/**
 * Shares of a whole to one decimal place that add up to exactly 100 (largest
 * remainders get the spare tenths), so a printed pie's legend sums as a
 * reader checks it. Nothing of nothing is all zeros.
 */
export function sharesOf(counts: readonly number[]): number[] {
  const whole = counts.reduce((a, b) => a + b, 0);
  if (whole === 0) return counts.map(() => 0);
  const exact = counts.map((c) => (c / whole) * 1000);
  const floors = exact.map(Math.floor);
  let spare = 1000 - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - floors[i]!, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (spare <= 0) break;
    floors[i]! += 1;
    spare -= 1;
  }
  return floors.map((f) => f / 10);
}

/** A round top for the value axis and its step: 1, 2, 2.5 or 5 times a power of ten, whole numbers for counts. */
export function niceScale(max: number, unit: ChartInput['unit'], fixed?: number): { top: number; step: number } {
  if (fixed !== undefined) return { top: fixed, step: fixed / 5 };
  if (max <= 0) return { top: unit === 'percent' ? 100 : 5, step: unit === 'percent' ? 20 : 1 };
  const rough = max / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10]
    .map((m) => m * power)
    .find((s) => s >= rough && (unit !== 'count' || Number.isInteger(s)));
  const s = Math.max(unit === 'count' ? 1 : 0.1, step ?? 10 * power);
  return { top: Math.ceil(max / s - 1e-9) * s, step: s };
}

/** One line cut to a width with an ellipsis. */
export function fitLine(text: string, width: number, size: number, bold: boolean, measure: TextMeasure): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (measure(line, size, bold) <= width) return line;
  const chars = [...line];
  while (chars.length > 0 && measure(`${chars.join('')}…`, size, bold) > width) chars.pop();
  return chars.length === 0 ? '' : `${chars.join('')}…`;
}

/** Wrapped onto at most `lines` lines, the last shortened with an ellipsis when the words run on. */
export function wrapLabel(
  text: string,
  width: number,
  size: number,
  bold: boolean,
  measure: TextMeasure,
  lines = LABEL_LINES,
): string[] {
  const wrapped = wrapText(text.replace(/\s+/g, ' ').trim(), width, (t) => measure(t, size, bold));
  if (wrapped.length <= lines) return wrapped;
  const kept = wrapped.slice(0, lines);
  // The rest, joined, is wider than a line (that is why it wrapped), so it is cut with an ellipsis.
  kept[lines - 1] = fitLine(wrapped.slice(lines - 1).join(' '), width, size, bold, measure);
  return kept;
}

const text = (
  x: number,
  y: number,
  value: string,
  size: number,
  opts: { bold?: boolean; colour?: string; align?: 'left' | 'right' | 'center' } = {},
): Mark => ({
  kind: 'text',
  x,
  y,
  text: value,
  size,
  bold: opts.bold ?? false,
  colour: opts.colour ?? INK,
  align: opts.align ?? 'left',
});

const line = (x1: number, y1: number, x2: number, y2: number, colour = GRID, thickness = 0.5): Mark => ({
  kind: 'line',
  x1,
  y1,
  x2,
  y2,
  colour,
  thickness,
});

const valueTitle = (spec: ChartInput) => (spec.unit === 'percent' ? `% of ${spec.noun}` : capital(spec.noun));
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The value axis' highest point: the tallest stack, or the tallest single value, lines' points included. */
function highest(spec: ChartInput): number {
  let max = 0;
  spec.labels.forEach((_, i) => {
    const values = spec.series.map((s) => s.values[i] ?? 0);
    max = Math.max(max, spec.stacked ? values.reduce((a, b) => a + b, 0) : Math.max(0, ...values));
    for (const l of spec.lines ?? []) max = Math.max(max, l.values[i] ?? 0);
  });
  return max;
}

const groupLabel = (spec: ChartInput, i: number) => spec.axisLabels?.[i] ?? spec.labels[i] ?? '';

/** Groups split into `parts` runs of nearly equal length, in order. */
function chunks(n: number, parts: number): number[][] {
  const out: number[][] = [];
  let start = 0;
  for (let p = 0; p < parts; p++) {
    const size = Math.ceil((n - start) / (parts - p));
    out.push(Array.from({ length: size }, (_, k) => start + k));
    start += size;
  }
  return out.filter((c) => c.length > 0);
}

function columnPanels(spec: ChartInput, o: ChartLayoutOptions): ChartBlock[] {
  const { measure, width } = o;
  const scale = niceScale(highest(spec), spec.unit, spec.max);
  const ticks = Math.round(scale.top / scale.step);
  const tickText = (k: number) => formatValue(k * scale.step, spec.unit);
  const axisWidth = Math.max(...Array.from({ length: ticks + 1 }, (_, k) => measure(tickText(k), VALUE_SIZE, false)));
  const left = axisWidth + 6;
  const plotWidth = width - left - 4;
  const grouped = spec.series.length > 1 && !spec.stacked;
  const minSlot = grouped ? Math.max(MIN_COLUMN_SLOT, spec.series.length * 10 + 8) : MIN_COLUMN_SLOT;
  const perPanel = Math.max(1, Math.floor(plotWidth / minSlot));
  const panels = chunks(spec.labels.length, Math.ceil(spec.labels.length / perPanel));
  // Every panel has as many slots as the fullest, so a column is as wide in each.
  const slots = Math.max(...panels.map((p) => p.length));
  const slot = plotWidth / slots;
  const top = 26;
  const bottom = top + PLOT_HEIGHT;
  const y = (v: number) => bottom - (Math.max(0, v) / scale.top) * PLOT_HEIGHT;

  return panels.map((groups, p) => {
    const marks: Mark[] = [];
    if (p === 0 || panels.length > 1) marks.push(text(0, 10, valueTitle(spec), TITLE_SIZE, { colour: MUTED }));
    for (let k = 0; k <= ticks; k++) {
      const at = y(k * scale.step);
      marks.push(line(left, at, left + groups.length * slot, at, k === 0 ? AXIS : GRID, k === 0 ? 0.75 : 0.5));
      marks.push(text(left - 4, at + VALUE_SIZE / 2 - 1, tickText(k), VALUE_SIZE, { colour: MUTED, align: 'right' }));
    }
    let labelLines = 1;
    groups.forEach((g, j) => {
      const x0 = left + j * slot;
      const area = Math.min(
        slot * (grouped ? 0.84 : 0.66),
        grouped ? spec.series.length * MAX_BAR_THICKNESS : MAX_BAR_THICKNESS,
      );
      const start = x0 + (slot - area) / 2;
      const barWidth = grouped ? area / spec.series.length : area;
      let stackTop = 0;
      spec.series.forEach((s, si) => {
        const v = s.values[g] ?? 0;
        const colour = hexColour(s.colours[g]);
        const bx = grouped ? start + si * barWidth : start;
        const from = spec.stacked ? stackTop : 0;
        const to = from + v;
        stackTop = spec.stacked ? to : stackTop;
        if (v <= 0) return;
        const h = y(from) - y(to);
        marks.push({ kind: 'rect', x: bx, y: y(to), width: barWidth, height: h, colour });
        const label = formatValue(v, spec.unit);
        const labelWidth = measure(label, VALUE_SIZE, false);
        if (spec.stacked && spec.series.length > 1) {
          if (h >= VALUE_SIZE + 3 && labelWidth <= barWidth - 2)
            marks.push(
              text(bx + barWidth / 2, y(to) + h / 2 + VALUE_SIZE / 2 - 1, label, VALUE_SIZE, {
                colour: textOn(colour),
                align: 'center',
              }),
            );
        } else if (labelWidth <= barWidth + (grouped ? 2 : slot - barWidth - 2)) {
          marks.push(text(bx + barWidth / 2, y(to) - 3, label, VALUE_SIZE, { align: 'center' }));
        }
      });
      if (spec.stacked && spec.series.length > 1 && spec.unit === 'count' && stackTop > 0)
        marks.push(
          text(start + area / 2, y(stackTop) - 3, formatValue(stackTop, spec.unit), VALUE_SIZE, {
            bold: true,
            align: 'center',
          }),
        );
      const lines = wrapLabel(groupLabel(spec, g), slot - 4, LABEL_SIZE, false, measure);
      labelLines = Math.max(labelLines, lines.length);
      lines.forEach((l, k) =>
        marks.push(text(x0 + slot / 2, bottom + 10 + k * (LABEL_SIZE + 2), l, LABEL_SIZE, { align: 'center' })),
      );
    });
    if (spec.lines) marks.push(...lineMarks(spec.lines, groups, (j) => left + j * slot + slot / 2, y));
    const titleY = bottom + 10 + labelLines * (LABEL_SIZE + 2) + 6;
    const title = panels.length > 1 ? `${o.groupTitle} (part ${p + 1} of ${panels.length})` : o.groupTitle;
    marks.push(
      text(left + (groups.length * slot) / 2, titleY, title, TITLE_SIZE, {
        colour: MUTED,
        align: 'center',
        bold: true,
      }),
    );
    return { height: titleY + 8, marks };
  });
}

function barPanels(spec: ChartInput, o: ChartLayoutOptions): ChartBlock[] {
  const { measure, width } = o;
  const scale = niceScale(highest(spec), spec.unit, spec.max);
  const ticks = Math.round(scale.top / scale.step);
  const grouped = spec.series.length > 1 && !spec.stacked;
  const labelWidth = Math.min(
    width * 0.32,
    Math.max(40, ...spec.labels.map((_, i) => measure(groupLabel(spec, i), LABEL_SIZE, false))) + 4,
  );
  const left = labelWidth + 6;
  // Room after the longest bar for its value.
  const valueRoom = measure(formatValue(scale.top, spec.unit), VALUE_SIZE, true) + 8;
  const plotWidth = width - left - valueRoom;
  const x = (v: number) => left + (Math.max(0, v) / scale.top) * plotWidth;
  const thickness = grouped ? 9 : 12;
  const labels = spec.labels.map((_, i) =>
    wrapLabel(groupLabel(spec, i), labelWidth - 4, LABEL_SIZE, false, measure, 2),
  );
  const rowHeight = (i: number) =>
    Math.max((grouped ? spec.series.length * thickness : thickness) + 6, labels[i]!.length * (LABEL_SIZE + 2) + 4);
  const head = 18;
  const foot = 34;
  const room = o.pageHeight - head - foot;
  const panels: number[][] = [[]];
  let used = 0;
  spec.labels.forEach((_, i) => {
    if (used + rowHeight(i) > room && panels.at(-1)!.length > 0) {
      panels.push([]);
      used = 0;
    }
    panels.at(-1)!.push(i);
    used += rowHeight(i);
  });

  return panels.map((groups, p) => {
    const marks: Mark[] = [text(0, 10, o.groupTitle, TITLE_SIZE, { colour: MUTED, bold: true })];
    const plotHeight = groups.reduce((a, i) => a + rowHeight(i), 0);
    const bottom = head + plotHeight;
    for (let k = 0; k <= ticks; k++) {
      const at = x(k * scale.step);
      marks.push(line(at, head, at, bottom, k === 0 ? AXIS : GRID, k === 0 ? 0.75 : 0.5));
      marks.push(
        text(at, bottom + 10, formatValue(k * scale.step, spec.unit), VALUE_SIZE, { colour: MUTED, align: 'center' }),
      );
    }
    let rowTop = head;
    for (const g of groups) {
      const h = rowHeight(g);
      const lines = labels[g]!;
      const firstBaseline = rowTop + h / 2 - ((lines.length - 1) * (LABEL_SIZE + 2)) / 2 + LABEL_SIZE / 2 - 1;
      lines.forEach((l, k) =>
        marks.push(text(labelWidth, firstBaseline + k * (LABEL_SIZE + 2), l, LABEL_SIZE, { align: 'right' })),
      );
      const barsHeight = grouped ? spec.series.length * thickness : thickness;
      const barTop = rowTop + (h - barsHeight) / 2;
      let stackEnd = 0;
      spec.series.forEach((s, si) => {
        const v = s.values[g] ?? 0;
        const colour = hexColour(s.colours[g]);
        const by = grouped ? barTop + si * thickness : barTop;
        const from = spec.stacked ? stackEnd : 0;
        const to = from + v;
        stackEnd = spec.stacked ? to : stackEnd;
        if (v <= 0) return;
        const w = x(to) - x(from);
        marks.push({ kind: 'rect', x: x(from), y: by, width: w, height: grouped ? thickness - 1 : thickness, colour });
        const label = formatValue(v, spec.unit);
        const baseline = by + (grouped ? thickness - 1 : thickness) / 2 + VALUE_SIZE / 2 - 1;
        if (spec.stacked && spec.series.length > 1) {
          if (measure(label, VALUE_SIZE, false) <= w - 3)
            marks.push(text(x(from) + w / 2, baseline, label, VALUE_SIZE, { colour: textOn(colour), align: 'center' }));
        } else marks.push(text(x(to) + 3, baseline, label, VALUE_SIZE));
      });
      if (spec.stacked && spec.series.length > 1 && spec.unit === 'count' && stackEnd > 0)
        marks.push(
          text(
            x(stackEnd) + 3,
            barTop + thickness / 2 + VALUE_SIZE / 2 - 1,
            formatValue(stackEnd, 'count'),
            VALUE_SIZE,
            { bold: true },
          ),
        );
      rowTop += h;
    }
    const title = valueTitle(spec) + (panels.length > 1 ? ` (part ${p + 1} of ${panels.length})` : '');
    marks.push(
      text(left + plotWidth / 2, bottom + 24, title, TITLE_SIZE, { colour: MUTED, align: 'center', bold: true }),
    );
    return { height: bottom + 30, marks };
  });
}

function pieBlock(spec: ChartInput, o: ChartLayoutOptions): ChartBlock {
  const series = spec.series[0];
  const counts = series?.counts ?? [];
  const whole = counts.reduce((a, b) => a + b, 0);
  const r = Math.min(100, o.width * 0.22);
  const cx = o.width / 2;
  const cy = r + 8;
  const marks: Mark[] = [];
  const shares = sharesOf(counts);
  let angle = 0;
  counts.forEach((c, i) => {
    if (c <= 0 || whole === 0) return;
    const sweep = (c / whole) * 360;
    const colour = hexColour(series!.colours[i]);
    marks.push({ kind: 'slice', cx, cy, r, start: angle, end: angle + sweep, colour });
    // A slice wide enough carries its share; narrower ones have it in the legend only.
    if (sweep >= 22) {
      const mid = ((angle + sweep / 2) * Math.PI) / 180;
      const at =
        sweep >= 359.99 ? { x: cx, y: cy } : { x: cx + r * 0.62 * Math.sin(mid), y: cy - r * 0.62 * Math.cos(mid) };
      marks.push(
        text(at.x, at.y + VALUE_SIZE / 2, `${numberFormat.format(shares[i]!)}%`, VALUE_SIZE + 0.5, {
          colour: textOn(colour),
          align: 'center',
          bold: true,
        }),
      );
    }
    angle += sweep;
  });
  return { height: 2 * r + 18, marks };
}

interface LegendEntry {
  colour: string;
  label: string;
  value?: string;
  /** Keyed with a stroke through a point rather than a square: a line series. */
  line?: boolean;
}

function legendBlocks(entries: readonly LegendEntry[], o: ChartLayoutOptions): ChartBlock[] {
  if (entries.length === 0) return [];
  const { measure } = o;
  const widest = Math.max(...entries.map((e) => measure(`${e.label}  ${e.value ?? ''}`, LEGEND_SIZE, false) + 16));
  const columns = widest <= o.width / 3 - 8 ? 3 : widest <= o.width / 2 - 8 || entries.length > 1 ? 2 : 1;
  const colWidth = o.width / columns;
  const blocks: ChartBlock[] = [];
  for (let i = 0; i < entries.length; i += columns) {
    const marks: Mark[] = [];
    let lines = 1;
    entries.slice(i, i + columns).forEach((e, c) => {
      const x = c * colWidth;
      const valueWidth = e.value ? measure(e.value, LEGEND_SIZE, true) + 6 : 0;
      const labelLines = wrapLabel(e.label, colWidth - 18 - valueWidth, LEGEND_SIZE, false, measure, 2);
      lines = Math.max(lines, labelLines.length);
      if (e.line) marks.push(...lineKey(x, 7.5, hexColour(e.colour)));
      else marks.push({ kind: 'rect', x, y: 3, width: 9, height: 9, colour: hexColour(e.colour) });
      labelLines.forEach((l, k) => marks.push(text(x + 14, 11 + k * (LEGEND_SIZE + 2.5), l, LEGEND_SIZE)));
      if (e.value) marks.push(text(x + colWidth - 8, 11, e.value, LEGEND_SIZE, { bold: true, align: 'right' }));
    });
    blocks.push({ height: lines * (LEGEND_SIZE + 2.5) + 5, marks });
  }
  return blocks;
}

/**
 * The chart as blocks to place one under another: the pie and its legend
 * (every slice with its count and its share, the shares adding up to 100);
 * or a legend of the series when there is more than one, then panels of
 * columns or bars with their value axis, grid, values and group names.
 */
export function layoutChart(spec: ChartInput, o: ChartLayoutOptions): ChartBlock[] {
  if (spec.kind === 'pie') {
    const series = spec.series[0];
    if (!series) return [];
    const shares = sharesOf(series.counts);
    const entries = spec.labels.map((label, i) => {
      const n = series.counts[i] ?? 0;
      const pct = `${numberFormat.format(shares[i]!)}%`;
      return {
        colour: series.colours[i] ?? FALLBACK,
        label,
        value: spec.unit === 'percent' ? `${pct} (${numberFormat.format(n)})` : `${numberFormat.format(n)} (${pct})`,
      };
    });
    return [pieBlock(spec, o), ...legendBlocks(entries, o)];
  }
  const panels = spec.kind === 'column' ? columnPanels(spec, o) : barPanels(spec, o);
  const lines = spec.kind === 'column' ? (spec.lines ?? []) : [];
  const legend =
    spec.series.length > 1 || lines.length > 0
      ? legendBlocks(
          [
            ...spec.series.map((s) => ({ colour: s.colours[0] ?? FALLBACK, label: s.label })),
            ...lines.map((s) => ({ colour: s.colours[0] ?? FALLBACK, label: s.label, line: true })),
          ],
          o,
        )
      : [];
  // The series' colours first, so a reader knows them before the panels (which may run onto pages).
  return [...legend, ...panels];
}

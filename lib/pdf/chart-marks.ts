/**
 * The shapes a chart is laid out in (chart-layout.ts) and drawn from
 * (vector-chart.ts): a series of values and the marks, in points, x to the
 * right and y downwards from the top left of each block. Here, below both
 * the layout and its line drawing (chart-lines.ts), so neither imports the
 * other's module for them.
 *
 * Pure module.
 */
export interface ChartInputSeries {
  label: string;
  colours: readonly string[];
  values: readonly number[];
  counts: readonly number[];
}

export type Mark =
  | { kind: 'rect'; x: number; y: number; width: number; height: number; colour: string }
  /** Angles in degrees, clockwise from twelve o'clock. */
  | { kind: 'slice'; cx: number; cy: number; r: number; start: number; end: number; colour: string }
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; colour: string; thickness: number }
  /** `y` is the baseline; `x` is the left edge, the right edge or the centre as `align` says. */
  | {
      kind: 'text';
      x: number;
      y: number;
      text: string;
      size: number;
      bold: boolean;
      colour: string;
      align: 'left' | 'right' | 'center';
    };

/**
 * A chart's line series (a combined graph's second grouping) as marks over
 * its columns: one straight segment between neighbouring groups of a panel
 * and a round point at each group, so a value stands out even where a line
 * is flat or a panel holds one group. A line continues across the panels of
 * one chart only in the reader's eye: each panel draws its own groups, on
 * the one scale every panel shares. The legend's key for a line is a short
 * stroke through a point, as the line is drawn.
 *
 * Pure module.
 */
import type { ChartInputSeries, Mark } from './chart-marks';

export const LINE_THICKNESS = 1.6;
export const POINT_RADIUS = 2.4;

const FALLBACK = '#64748b';
const colourOf = (s: ChartInputSeries, g: number) => {
  const c = s.colours[g] ?? s.colours[0];
  return c && /^#[0-9a-fA-F]{6}$/.test(c) ? c.toLowerCase() : FALLBACK;
};

const point = (cx: number, cy: number, colour: string): Mark => ({
  kind: 'slice',
  cx,
  cy,
  r: POINT_RADIUS,
  start: 0,
  end: 360,
  colour,
});

/**
 * The lines over one panel: `groups` are the indices of its groups in order,
 * `centreOf(j)` the x of the j-th group's centre, `y(v)` a value's height.
 */
export function lineMarks(
  lines: readonly ChartInputSeries[],
  groups: readonly number[],
  centreOf: (j: number) => number,
  y: (v: number) => number,
): Mark[] {
  const segments: Mark[] = [];
  const points: Mark[] = [];
  for (const s of lines) {
    groups.forEach((g, j) => {
      const colour = colourOf(s, g);
      const here = { x: centreOf(j), y: y(s.values[g] ?? 0) };
      if (j > 0) {
        const before = groups[j - 1]!;
        segments.push({
          kind: 'line',
          x1: centreOf(j - 1),
          y1: y(s.values[before] ?? 0),
          x2: here.x,
          y2: here.y,
          colour,
          thickness: LINE_THICKNESS,
        });
      }
      points.push(point(here.x, here.y, colour));
    });
  }
  // Points over every segment, so a crossing line never hides a value.
  return [...segments, ...points];
}

/** A legend key for a line: a stroke 12 points long through a point, centred on `cy`. */
export function lineKey(x: number, cy: number, colour: string): Mark[] {
  return [
    { kind: 'line', x1: x - 1.5, y1: cy, x2: x + 10.5, y2: cy, colour, thickness: LINE_THICKNESS },
    point(x + 4.5, cy, colour),
  ];
}

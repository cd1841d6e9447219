/**
 * A chart drawn into a flowing PDF as vector graphics: the marks laid out by
 * chart-layout.ts become pdf-lib rectangles, lines, Bézier paths (pie slices)
 * and text in the embedded font, block by block, each block kept whole on a
 * page. No image is embedded, so the chart prints sharp, its words are text
 * a reader can search and copy, and an accented group name draws as the table
 * draws it.
 */
import 'server-only';
import { rgb, type PDFFont, type RGB } from '@cantoo/pdf-lib';
import { layoutChart, type ChartInput, type Mark } from './chart-layout';
import { PdfFlow, type FlowCanvas } from './flow';

function colourOf(hex: string): RGB {
  const n = (i: number) => parseInt(hex.slice(i, i + 2), 16) / 255;
  return /^#[0-9a-f]{6}$/i.test(hex) ? rgb(n(1), n(3), n(5)) : rgb(0.4, 0.45, 0.53);
}

const point = (cx: number, cy: number, r: number, degrees: number) => {
  const a = (degrees * Math.PI) / 180;
  return { x: cx + r * Math.sin(a), y: cy - r * Math.cos(a) };
};

// No "-0.00": a rounding's sign is noise.
const f = (n: number) => (Math.abs(n) < 0.005 ? 0 : n).toFixed(2);

/**
 * A pie slice as an SVG path (y downwards, as drawSvgPath takes it): the
 * arc in cubic Bézier pieces of at most 90°, which PDF draws natively; a
 * whole circle has no spoke back to the centre.
 */
export function slicePath(m: Extract<Mark, { kind: 'slice' }>): string {
  const sweep = m.end - m.start;
  const whole = sweep >= 359.999;
  const pieces = Math.max(1, Math.ceil(sweep / 90));
  const step = sweep / pieces;
  const k = (4 / 3) * Math.tan((step * Math.PI) / 180 / 4) * m.r;
  const first = point(m.cx, m.cy, m.r, m.start);
  let d = whole ? `M ${f(first.x)} ${f(first.y)}` : `M ${f(m.cx)} ${f(m.cy)} L ${f(first.x)} ${f(first.y)}`;
  for (let i = 0; i < pieces; i++) {
    const a = m.start + i * step;
    const b = a + step;
    const p0 = point(m.cx, m.cy, m.r, a);
    const p3 = point(m.cx, m.cy, m.r, b);
    const ta = (a * Math.PI) / 180;
    const tb = (b * Math.PI) / 180;
    // The tangent of a clockwise turn at angle t is (cos t, sin t) in these coordinates.
    const c1 = { x: p0.x + k * Math.cos(ta), y: p0.y + k * Math.sin(ta) };
    const c2 = { x: p3.x - k * Math.cos(tb), y: p3.y - k * Math.sin(tb) };
    d += ` C ${f(c1.x)} ${f(c1.y)} ${f(c2.x)} ${f(c2.y)} ${f(p3.x)} ${f(p3.y)}`;
  }
  return `${d} Z`;
}

function drawMark(canvas: FlowCanvas, m: Mark): void {
  const { page, x, top } = canvas;
  switch (m.kind) {
    case 'rect':
      page.drawRectangle({
        x: x + m.x,
        y: top - m.y - m.height,
        width: m.width,
        height: m.height,
        color: colourOf(m.colour),
      });
      return;
    case 'slice':
      page.drawSvgPath(slicePath(m), {
        x,
        y: top,
        color: colourOf(m.colour),
        borderColor: rgb(1, 1, 1),
        borderWidth: m.end - m.start >= 359.999 ? 0 : 1,
      });
      return;
    case 'line':
      page.drawLine({
        start: { x: x + m.x1, y: top - m.y1 },
        end: { x: x + m.x2, y: top - m.y2 },
        thickness: m.thickness,
        color: colourOf(m.colour),
      });
      return;
    case 'text': {
      if (m.text.trim() === '') return;
      const font: PDFFont = m.bold ? canvas.bold : canvas.regular;
      const width = font.widthOfTextAtSize(m.text, m.size);
      const left = m.align === 'right' ? m.x - width : m.align === 'center' ? m.x - width / 2 : m.x;
      page.drawText(m.text, { x: x + left, y: top - m.y, size: m.size, font, color: colourOf(m.colour) });
      return;
    }
  }
}

/** The chart, block by block, at the flow's current place; `groupTitle` names what the groups are. */
export function drawChart(flow: PdfFlow, spec: ChartInput, groupTitle: string): void {
  const blocks = layoutChart(spec, {
    width: flow.contentWidth,
    pageHeight: PdfFlow.pageContentHeight,
    measure: (text, size, bold) => flow.measure(text, size, bold),
    groupTitle,
  });
  for (const block of blocks) flow.drawing(block.height, (canvas) => block.marks.forEach((m) => drawMark(canvas, m)));
}

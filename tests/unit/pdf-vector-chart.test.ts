/**
 * Charts in PDFs: the layout's geometry (a pie's slices make one whole turn
 * in the counts' proportions and its printed shares add up to 100; columns
 * and bars are as long as their values; stacks add up; 30 tutor groups are
 * split into legible panels that each fit a page; long names wrap and are
 * shortened within their room), and the drawn file: its words and values are
 * text a reader extracts, accents included, and it holds no image.
 */
import { describe, expect, it } from 'vitest';
import { pdfFacts, pdfText } from '../support/pdf';
import { layoutChart, niceScale, sharesOf, type ChartInput, type Mark, type TextMeasure } from '@/lib/pdf/chart-layout';
import { PdfFlow } from '@/lib/pdf/flow';
import { drawChart, slicePath } from '@/lib/pdf/vector-chart';

// Every character half its size wide: close to a real font's average, and exact to reason about.
const measure: TextMeasure = (text, size) => [...text].length * size * 0.5;
const WIDTH = 499;
const PAGE = PdfFlow.pageContentHeight;
const options = { width: WIDTH, pageHeight: PAGE, measure, groupTitle: 'Tutor group' };

function chart(
  kind: ChartInput['kind'],
  labels: string[],
  values: number[][],
  extra: Partial<ChartInput> = {},
): ChartInput {
  const palette = ['#3b7ea1', '#d08c3e', '#5e9c76', '#8a6fa8'];
  return {
    kind,
    unit: 'count',
    stacked: false,
    labels,
    noun: 'incidents',
    series: values.map((v, i) => ({
      label: `Series ${i + 1}`,
      colours: labels.map((_, j) => (values.length === 1 ? palette[j % 4]! : palette[i % 4]!)),
      values: v,
      counts: v,
    })),
    ...extra,
  };
}

const marks = (spec: ChartInput) => layoutChart(spec, options).flatMap((b) => b.marks);
const of = <K extends Mark['kind']>(list: Mark[], kind: K) =>
  list.filter((m): m is Extract<Mark, { kind: K }> => m.kind === kind);
const texts = (list: Mark[]) => of(list, 'text').map((t) => t.text);

describe('pie layout', () => {
  it('slices turn once, in the counts’ proportions, one after another', () => {
    const slices = of(marks(chart('pie', ['A', 'B', 'C', 'D'], [[5, 3, 0, 2]])), 'slice');
    expect(slices).toHaveLength(3); // nothing drawn for a group of none
    expect(slices.reduce((a, s) => a + (s.end - s.start), 0)).toBeCloseTo(360, 9);
    expect(slices.map((s) => (s.end - s.start) / 360)).toEqual([0.5, 0.3, 0.2].map((x) => expect.closeTo(x, 9)));
    slices.slice(1).forEach((s, i) => expect(s.start).toBeCloseTo(slices[i]!.end, 9));
  });

  it('prints shares that add up to exactly 100, with every count in the legend', () => {
    expect(sharesOf([1, 1, 1])).toEqual([33.4, 33.3, 33.3]);
    // 2/7 is 28.57…, 1/7 is 14.28…: the five larger remainders get the five spare tenths.
    expect(sharesOf([2, 1, 1, 1, 1, 1])).toEqual([28.5, 14.3, 14.3, 14.3, 14.3, 14.3]);
    expect(sharesOf([0, 0])).toEqual([0, 0]);
    const legend = texts(marks(chart('pie', ['A', 'B', 'C'], [[1, 1, 1]], { unit: 'percent' })));
    const shares = legend.flatMap((t) => /^(\d+(?:\.\d)?)% \((\d+)\)$/.exec(t)?.[1] ?? []).map(Number);
    expect(shares).toEqual([33.4, 33.3, 33.3]);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 9);
  });

  it('one group is a whole circle; a slice is a closed path of Bézier curves', () => {
    const [slice] = of(marks(chart('pie', ['Only'], [[4]])), 'slice');
    expect(slice).toMatchObject({ start: 0, end: 360 });
    expect(slicePath(slice!)).not.toContain('L');
    const quarter = slicePath({ kind: 'slice', cx: 0, cy: 0, r: 10, start: 0, end: 90, colour: '#000000' });
    expect(quarter).toBe('M 0.00 0.00 L 0.00 -10.00 C 5.52 -10.00 10.00 -5.52 10.00 0.00 Z');
  });
});

describe('column and bar layout', () => {
  it('columns are as tall as their values, on a round scale, each value printed', () => {
    const spec = chart('column', ['7A', '7B', '8A'], [[4, 2, 7]]);
    const rects = of(marks(spec), 'rect');
    expect(rects.map((r) => r.height / rects[0]!.height)).toEqual([1, 0.5, 1.75].map((x) => expect.closeTo(x, 9)));
    // Columns share a baseline.
    expect(new Set(rects.map((r) => (r.y + r.height).toFixed(6))).size).toBe(1);
    expect(texts(marks(spec))).toEqual(
      expect.arrayContaining(['4', '2', '7', '7A', '7B', '8A', 'Incidents', 'Tutor group']),
    );
    expect(niceScale(7, 'count')).toEqual({ top: 8, step: 2 });
    expect(niceScale(3, 'count')).toEqual({ top: 3, step: 1 });
    expect(niceScale(130, 'count')).toEqual({ top: 150, step: 50 });
  });

  it('bars are as long as their values; stacked segments add up to the stack', () => {
    const bars = of(marks(chart('bar', ['7A', '7B'], [[3, 6]])), 'rect');
    expect(bars[1]!.width / bars[0]!.width).toBeCloseTo(2, 9);
    expect(new Set(bars.map((b) => b.x.toFixed(6))).size).toBe(1);
    // The panel only, after the legend (whose swatches are rectangles too).
    const panel = layoutChart(
      chart(
        'column',
        ['7A', '7B'],
        [
          [3, 1],
          [2, 4],
        ],
        { stacked: true },
      ),
      options,
    ).at(-1);
    const stacked = of(panel!.marks, 'rect');
    expect(stacked).toHaveLength(4);
    const first = stacked.filter((r) => r.x === stacked[0]!.x);
    const second = stacked.filter((r) => r.x !== stacked[0]!.x);
    const tall = (rs: typeof stacked) => rs.reduce((a, r) => a + r.height, 0);
    expect(tall(first) / tall(second)).toBeCloseTo(1, 9);
    // Touching: one segment starts where the other ends.
    expect(first[0]!.y).toBeCloseTo(first[1]!.y + first[1]!.height, 9);
  });

  it('percentages of each group stack to the 100% mark; series get a legend', () => {
    const spec = chart('column', ['7A'], [[25], [75]], { unit: 'percent', stacked: true, max: 100 });
    const all = marks(spec);
    expect(texts(all)).toEqual(
      expect.arrayContaining(['100%', '25%', '75%', 'Series 1', 'Series 2', '% of incidents']),
    );
  });

  it('30 tutor groups: columns in panels on one scale, each panel fitting a page, every group named', () => {
    const labels = Array.from({ length: 30 }, (_, i) => `${7 + Math.floor(i / 6)}${'ABCDEF'[i % 6]}`);
    const values = [labels.map((_, i) => i + 1)];
    for (const kind of ['column', 'bar'] as const) {
      const blocks = layoutChart(chart(kind, labels, values), options);
      for (const b of blocks) expect(b.height).toBeLessThanOrEqual(PAGE);
      const all = blocks.flatMap((b) => b.marks);
      expect(texts(all)).toEqual(expect.arrayContaining(labels));
      const rects = of(all, 'rect');
      expect(rects).toHaveLength(30);
      const size = (r: (typeof rects)[number]) => (kind === 'column' ? r.height : r.width);
      rects.forEach((r, i) => expect(size(r) / size(rects[0]!)).toBeCloseTo(i + 1, 9));
      if (kind === 'column') {
        expect(blocks.length).toBeGreaterThan(1);
        // A column at least a fingertip wide: legible, not a hairline.
        for (const r of rects) expect(r.width).toBeGreaterThanOrEqual(20);
      }
    }
    // A hundred groups of bars turn onto further panels rather than running off the page.
    const many = Array.from({ length: 100 }, (_, i) => `Group ${i + 1}`);
    const blocks = layoutChart(chart('bar', many, [many.map(() => 1)]), options);
    expect(blocks.length).toBeGreaterThan(1);
    for (const b of blocks) expect(b.height).toBeLessThanOrEqual(PAGE);
  });

  it('long names wrap onto at most three lines within their column and end in an ellipsis', () => {
    const long = 'Peer-on-peer abuse including sexual harassment and online bullying outside school hours';
    const all = marks(
      chart('column', [long, 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L'], [Array(12).fill(1)]),
    );
    const slot = (WIDTH - 20) / 12;
    const lines = of(all, 'text').filter((t) => t.text.length > 1 && long.includes(t.text.replace(/…$/, '')));
    expect(lines.length).toBe(3);
    for (const l of lines) expect(measure(l.text, l.size, false)).toBeLessThanOrEqual(slot);
    expect(lines.at(-1)!.text.endsWith('…')).toBe(true);
  });
});

describe('drawn into a PDF', () => {
  async function drawn(spec: ChartInput, title: string): Promise<Uint8Array> {
    const flow = await PdfFlow.create({
      title: 'Chart',
      header: { title: 'Test school', notice: 'Confidential', badge: 'CONFIDENTIAL', logo: null },
      footer: 'Test',
    });
    flow.heading('A chart');
    drawChart(flow, spec, title);
    flow.text('After the chart.');
    return flow.save();
  }

  it('a pie: its names (accents kept), counts and shares are text, and there is no image', async () => {
    const spec = chart('pie', ['Łukasz Żółć’s group', 'Nguyễn Thảo', 'Ó’Súilleabháin'], [[2, 1, 1]], {
      unit: 'percent',
    });
    const bytes = await drawn(spec, 'Category');
    const text = pdfText(bytes);
    for (const word of [
      'Łukasz Żółć’s group',
      'Nguyễn Thảo',
      'Ó’Súilleabháin',
      '50% (2)',
      '25% (1)',
      'After the chart.',
    ])
      expect(text).toContain(word);
    const legend = [...text.matchAll(/(\d+(?:\.\d)?)% \(\d+\)/g)].map((m) => Number(m[1]));
    expect(legend.reduce((a, b) => a + b, 0)).toBe(100);
    expect(pdfFacts(bytes)).toMatchObject({ images: 0, pages: 1 });
    // Drawn with path operators (curves, fills), not an image XObject.
    expect(Buffer.from(bytes).toString('latin1')).not.toMatch(/\/Subtype\s*\/Image/);
  });

  it('30 tutor groups as grouped columns: every name and the legend, over as many pages as it needs, no image', async () => {
    const labels = Array.from({ length: 30 }, (_, i) => `Tutor ${7 + Math.floor(i / 6)}${'ABCDEF'[i % 6]}`);
    const spec = chart('column', labels, [labels.map((_, i) => i % 5), labels.map((_, i) => (i * 3) % 7)]);
    spec.series[0]!.label = 'Behaviour';
    (spec.series[1] as { label: string }).label = 'Child Protection';
    const bytes = await drawn(spec, 'Tutor group');
    const text = pdfText(bytes);
    for (const l of [...labels, 'Behaviour', 'Child Protection', 'Incidents']) expect(text).toContain(l);
    expect(pdfFacts(bytes).images).toBe(0);
  });
});

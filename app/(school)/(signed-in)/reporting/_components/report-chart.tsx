'use client';

import {
  ArcElement,
  BarElement,
  CategoryScale,
  Chart as ChartJS,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartData,
  type ChartOptions,
  type Plugin,
  type TooltipItem,
} from 'chart.js';
import { useRef, useState } from 'react';
import { Chart } from 'react-chartjs-2';
import type { ChartSpec } from '@/lib/reports';

// Lines and their points draw a combined graph's second grouping over its columns. A dataset of
// another type than the chart's needs its controller registered (react-chartjs-2's typed charts,
// which would register it, are not imported here).
ChartJS.register(
  ArcElement,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  CategoryScale,
  LinearScale,
  Tooltip,
  Legend,
);

const count = new Intl.NumberFormat('en-GB');

/** A saved image has a white background (a canvas is transparent, and most viewers show that black). */
const whiteBackground: Plugin = {
  id: 'havenWhiteBackground',
  beforeDraw(chart) {
    const { ctx } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

/** Long group names are shortened on the axis at phone widths; the tooltip and the table keep them whole. */
function shorten(label: string, width: number, across: boolean): string {
  // A bar chart's names sit beside the bars and may be longer than a column chart's under them.
  const max = width >= 520 ? 30 : across ? 18 : 14;
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

function fileName(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
    .slice(0, 80);
  return `${slug || 'chart'}.png`;
}

/** Room for the groups: a bar per group down the page, a legend row per two pie slices on a phone. */
function heightOf(spec: ChartSpec): number {
  if (spec.kind === 'bar')
    return Math.max(220, spec.labels.length * (spec.stacked ? 34 : 22 * spec.series.length + 12) + 90);
  if (spec.kind === 'pie') return 280 + Math.ceil(spec.labels.length / 2) * 24;
  // A combined graph's legend (a line per group) takes its room below the plot, not from it.
  if (spec.lines) return 320 + Math.ceil((spec.lines.length + 1) / 2) * 24;
  return 320;
}

/**
 * A chart of a ChartSpec: pie, column or bar, hover or tap for the values,
 * legend below so it fits 360 px, and an image mode that turns the chart into
 * a PNG to save (or, on a phone, to press and copy). chart.js reaches only the
 * pages that draw charts: this module is loaded through ./chart-frame.tsx.
 */
export default function ReportChart({ spec, title }: { spec: ChartSpec; title: string }) {
  const ref = useRef<ChartJS | null>(null);
  const [image, setImage] = useState<string | null>(null);
  const percent = spec.unit === 'percent';
  const lines = spec.lines ?? [];
  const all = [...spec.series, ...lines];
  const multi = all.length > 1;

  const data: ChartData = {
    labels: spec.labels,
    datasets: spec.series.map((s) => ({
      label: s.label,
      data: s.values,
      backgroundColor: s.colours,
      borderColor: spec.kind === 'pie' ? '#ffffff' : s.colours,
      // A whole pie of one slice would show its border as a line from the centre.
      borderWidth: spec.kind === 'pie' && s.values.filter((v) => v > 0).length > 1 ? 2 : 0,
      // One or two groups on a wide screen would otherwise be drawn as slabs.
      maxBarThickness: 56,
      // Drawn first, so the lines over them stay visible.
      order: 1,
    })),
  };
  for (const l of lines)
    data.datasets.push({
      type: 'line',
      label: l.label,
      data: l.values,
      borderColor: l.colours[0],
      backgroundColor: l.colours[0],
      borderWidth: 2,
      pointRadius: 3,
      pointHoverRadius: 5,
      order: 0,
    } as never);

  const tooltipLabel = (item: TooltipItem<'bar' | 'pie'>) => {
    const series = all[item.datasetIndex]!;
    const n = series.counts[item.dataIndex] ?? 0;
    const name = multi ? series.label : spec.kind === 'pie' ? item.label : series.label;
    const whole = series.counts.reduce((a, b) => a + b, 0);
    const pct = percent ? series.values[item.dataIndex] : whole === 0 ? 0 : Math.round((n / whole) * 1000) / 10;
    return `${name}: ${count.format(n)} ${spec.noun}${pct !== undefined && (percent || !multi) ? ` (${pct}%)` : ''}`;
  };

  const valueAxis = {
    beginAtZero: spec.min === undefined,
    stacked: spec.stacked,
    min: spec.min,
    max: spec.max,
    ticks: { precision: 0, callback: (v: string | number) => (percent ? `${v}%` : count.format(Number(v))) },
  };
  const groupAxis = {
    stacked: spec.stacked,
    ticks: {
      autoSkip: false,
      callback(this: { getLabelForValue(v: number): string; chart: { width: number } }, v: string | number) {
        const i = Number(v);
        return shorten(spec.axisLabels?.[i] ?? this.getLabelForValue(i), this.chart.width, spec.kind === 'bar');
      },
    },
  };
  const options: ChartOptions = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    indexAxis: spec.kind === 'bar' ? 'y' : 'x',
    plugins: {
      legend: {
        display: spec.kind === 'pie' || multi,
        position: 'bottom',
        // In the datasets' order (columns, then the lines), whatever order they are drawn in.
        labels: { boxWidth: 14, padding: 12, sort: (a, b) => (a.datasetIndex ?? 0) - (b.datasetIndex ?? 0) },
      },
      tooltip: { callbacks: { label: tooltipLabel as never } },
    },
    scales:
      spec.kind === 'pie'
        ? {}
        : spec.kind === 'bar'
          ? { x: valueAxis, y: groupAxis as never }
          : { x: groupAxis as never, y: valueAxis },
  };

  const showImage = () => {
    const chart = ref.current;
    if (chart) setImage(chart.toBase64Image('image/png', 1));
  };

  return (
    <div>
      <div className="flex flex-wrap items-center justify-end gap-3">
        {image ? (
          <>
            <a
              href={image}
              download={fileName(title)}
              className="inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700"
            >
              Save PNG
            </a>
            <button
              type="button"
              onClick={() => setImage(null)}
              className="inline-flex min-h-11 items-center rounded-lg border border-slate-300 px-4 py-2 font-medium text-slate-800 hover:bg-slate-50"
            >
              Interactive chart
            </button>
          </>
        ) : (
          <button
            type="button"
            onClick={showImage}
            className="inline-flex min-h-11 items-center rounded-lg border border-slate-300 px-4 py-2 font-medium text-slate-800 hover:bg-slate-50"
          >
            Image
          </button>
        )}
      </div>
      {/* The canvas stays while the image shows, so going back keeps the chart as it was. */}
      <div className={image ? 'hidden' : 'relative mt-2'} style={{ height: heightOf(spec) }}>
        <Chart
          ref={ref}
          type={spec.kind === 'pie' ? 'pie' : 'bar'}
          data={data as never}
          options={options as never}
          plugins={[whiteBackground]}
          role="img"
          aria-label={`${title}. The figures are in the table below.`}
        />
      </div>
      {image ? (
        // eslint-disable-next-line @next/next/no-img-element -- a data: URL made in the browser; next/image cannot optimise it
        <img src={image} alt={`${title}. The figures are in the table below.`} className="mt-2 w-full" />
      ) : null}
    </div>
  );
}

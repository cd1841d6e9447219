'use client';

import dynamic from 'next/dynamic';
import type { ChartSpec } from '@/lib/reports';

// chart.js is fetched only when a chart is on the page: no other page's bundle carries it.
const ReportChart = dynamic(() => import('./report-chart'), {
  ssr: false,
  loading: () => <p className="flex h-64 items-center justify-center text-slate-500">Drawing the chart…</p>,
});

/** A chart, loaded lazily; its figures are always in a table beside it, which works without JavaScript. */
export function ChartFrame({ spec, title }: { spec: ChartSpec; title: string }) {
  return <ReportChart spec={spec} title={title} />;
}

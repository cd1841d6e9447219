'use client';

import dynamic from 'next/dynamic';
import type { IncidentCharts as Data } from '@/lib/profile';
import { monthLabel } from './month-label';

// chart.js is fetched only once the charts are on screen, so the profile's first paint on a cheap phone does not wait
// for it. The figures are also in a list below each chart, for screen readers.
const Canvas = dynamic(() => import('./incident-chart-canvas'), {
  ssr: false,
  loading: () => <p className="flex h-full min-h-32 items-center justify-center text-slate-500">Drawing the chart…</p>,
});

/**
 * Incidents by category (pie, in the categories' own colours) and over time
 * (bars per month). Each chart has a text alternative: the same figures as a
 * list for screen readers.
 */
export function IncidentCharts({ data }: { data: Data }) {
  return (
    <div className="grid gap-6 md:grid-cols-2">
      <figure>
        <figcaption className="text-sm font-medium text-slate-700">By category</figcaption>
        <div className="mx-auto mt-2 max-w-64">
          <Canvas data={data} kind="category" />
        </div>
        <ul className="sr-only">
          {data.byCategory.map((c) => (
            <li key={c.categoryId}>
              {c.name}: {c.count}
            </li>
          ))}
        </ul>
      </figure>
      <figure>
        <figcaption className="text-sm font-medium text-slate-700">Over time</figcaption>
        <div className="mt-2 h-56">
          <Canvas data={data} kind="time" />
        </div>
        <ul className="sr-only">
          {data.overTime.map((p) => (
            <li key={p.month}>
              {monthLabel(p.month)}: {p.count}
            </li>
          ))}
        </ul>
      </figure>
    </div>
  );
}

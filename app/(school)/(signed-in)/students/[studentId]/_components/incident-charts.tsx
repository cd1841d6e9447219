'use client';

import { ArcElement, BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, Tooltip } from 'chart.js';
import { Bar, Pie } from 'react-chartjs-2';
import type { IncidentCharts as Data } from '@/lib/profile';

ChartJS.register(ArcElement, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat('en-GB', { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, 15)),
  );
}

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
          <Pie
            aria-hidden="true"
            data={{
              labels: data.byCategory.map((c) => c.name),
              datasets: [
                {
                  data: data.byCategory.map((c) => c.count),
                  backgroundColor: data.byCategory.map((c) => c.colour),
                  borderColor: '#ffffff',
                },
              ],
            }}
            options={{ plugins: { legend: { position: 'bottom' } } }}
          />
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
          <Bar
            aria-hidden="true"
            data={{
              labels: data.overTime.map((p) => monthLabel(p.month)),
              datasets: [{ label: 'Incidents', data: data.overTime.map((p) => p.count), backgroundColor: '#0f766e' }],
            }}
            options={{
              maintainAspectRatio: false,
              plugins: { legend: { display: false } },
              scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
            }}
          />
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

'use client';

import { ArcElement, BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, Tooltip } from 'chart.js';
import { Bar, Pie } from 'react-chartjs-2';
import type { IncidentCharts as Data } from '@/lib/profile';
import { monthLabel } from './month-label';

ChartJS.register(ArcElement, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

/** The drawn charts; chart.js arrives with this module only (see incident-charts.tsx). */
export default function IncidentChartCanvas({ data, kind }: { data: Data; kind: 'category' | 'time' }) {
  if (kind === 'category') {
    return (
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
    );
  }
  return (
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
  );
}

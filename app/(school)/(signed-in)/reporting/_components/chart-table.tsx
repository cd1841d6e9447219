import type { ChartSpec } from '@/lib/reports';

const count = new Intl.NumberFormat('en-GB');

/**
 * A chart's figures as a table: a row per group, a column per series, the
 * count with its share where the chart draws shares. It is the chart's text
 * alternative and works without JavaScript; wide tables scroll inside their
 * box so the page never does, down to 360 px.
 */
export function ChartTable({
  spec,
  caption,
  groupHeading,
}: {
  spec: ChartSpec;
  caption: string;
  groupHeading: string;
}) {
  const percent = spec.unit === 'percent';
  const cell = 'px-3 py-2 text-right tabular-nums';
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200" tabIndex={0} role="region" aria-label={caption}>
      <table className="min-w-full border-collapse text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-slate-700">
          <tr>
            <th scope="col" className="px-3 py-2 text-left font-semibold">
              {groupHeading}
            </th>
            {spec.series.map((s) => (
              <th key={s.label} scope="col" className="px-3 py-2 text-right font-semibold">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {spec.labels.map((label, i) => (
            <tr key={`${label}-${i}`} className="border-t border-slate-200">
              <th scope="row" className="px-3 py-2 text-left font-medium text-slate-900">
                {label}
              </th>
              {spec.series.map((s) => (
                <td key={s.label} className={cell}>
                  {count.format(s.counts[i] ?? 0)}
                  {percent ? <span className="text-slate-500"> ({s.values[i]}%)</span> : null}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

import type { SummaryTable } from '@/lib/reports';

const count = new Intl.NumberFormat('en-GB');

/**
 * The enquiry view of a summary table: a row per primary group, a column per
 * secondary group (when chosen) and totals. Wide tables scroll sideways
 * inside their card, so the page itself never does, down to 360 px.
 */
export function SummaryTableView({ table, caption }: { table: SummaryTable; caption: string }) {
  const hasColumns = table.secondary !== null;
  const cell = 'px-3 py-2 text-right tabular-nums';
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200" tabIndex={0} role="region" aria-label={caption}>
      <table className="min-w-full border-collapse text-sm sm:text-base">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-slate-700">
          <tr>
            <th scope="col" className="sticky left-0 bg-slate-50 px-3 py-2 text-left font-semibold">
              {table.primary.label}
              {hasColumns ? <span className="font-normal text-slate-500"> / {table.secondary!.label}</span> : null}
            </th>
            {table.columns.map((c) => (
              <th
                key={JSON.stringify(c.key)}
                scope="col"
                className="px-3 py-2 text-right font-semibold whitespace-nowrap"
              >
                {c.label}
              </th>
            ))}
            <th scope="col" className="px-3 py-2 text-right font-semibold">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r) => (
            <tr key={JSON.stringify(r.key)} className="border-t border-slate-200">
              <th scope="row" className="sticky left-0 bg-white px-3 py-2 text-left font-medium text-slate-900">
                {r.label}
              </th>
              {r.cells.map((n, i) => (
                <td key={i} className={`${cell} ${n === 0 ? 'text-slate-400' : ''}`}>
                  {count.format(n)}
                </td>
              ))}
              <td className={`${cell} font-semibold`}>{count.format(r.total)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot className="border-t-2 border-slate-300 bg-slate-50 font-semibold">
          <tr>
            <th scope="row" className="sticky left-0 bg-slate-50 px-3 py-2 text-left">
              Total
            </th>
            {table.columnTotals.map((n, i) => (
              <td key={i} className={cell}>
                {count.format(n)}
              </td>
            ))}
            <td className={cell}>{count.format(table.total)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

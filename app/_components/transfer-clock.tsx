import type { TransferListItem } from '@/lib/transfers';

const isoDay = (s: string) =>
  new Date(`${s}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });

/** The statutory clock: amber when due soon, red when overdue, and the late step in words. */
export function TransferClock({ t }: { t: TransferListItem }) {
  if (t.clock === 'done') return <span className="text-slate-600">Due {isoDay(t.dueOn)}</span>;
  const tone = {
    overdue: 'bg-rose-100 text-rose-900',
    due_soon: 'bg-amber-100 text-amber-900',
    on_time: 'bg-slate-100 text-slate-800',
  }[t.clock];
  const words = { overdue: 'Overdue', due_soon: 'Due soon', on_time: 'Due' }[t.clock];
  return (
    <span className={`inline-block rounded px-2 py-0.5 text-sm font-medium ${tone}`}>
      {words}: {isoDay(t.dueOn)}
      {t.awaiting ? ` — ${t.awaiting}` : ''}
    </span>
  );
}

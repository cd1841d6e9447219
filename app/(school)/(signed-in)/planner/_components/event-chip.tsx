import Link from 'next/link';
import type { PlannerEventSummary } from '@/lib/planner';

/** Personal (own or shared) and public events in two colours, each named in the key, never by colour alone. */
export const KIND_STYLE = {
  personal: 'border-l-4 border-sky-700 bg-sky-50 text-sky-950',
  public: 'border-l-4 border-violet-700 bg-violet-50 text-violet-950',
} as const;

export const kindOf = (e: Pick<PlannerEventSummary, 'isPublic'>) => (e.isPublic ? 'public' : 'personal');

export function timeLabel(e: PlannerEventSummary, day?: string): string {
  if (e.allDay) return 'All day';
  const start = day && e.firstDay < day ? '00:00' : e.startWall.slice(11, 16);
  const end = day && e.lastDay > day ? '24:00' : e.endWall.slice(11, 16);
  return start === end ? start : `${start}–${end}`;
}

export function EventChip({ e, day, compact = false }: { e: PlannerEventSummary; day?: string; compact?: boolean }) {
  const kind = kindOf(e);
  return (
    <Link
      href={`/planner/${e.id}`}
      className={`block rounded-md px-1.5 py-0.5 text-left text-sm hover:underline ${KIND_STYLE[kind]} ${compact ? 'truncate' : ''}`}
    >
      <span className="font-medium">{timeLabel(e, day)}</span> {e.title}
      <span className="sr-only"> ({kind === 'public' ? 'public' : 'personal'} event)</span>
    </Link>
  );
}

export function Key() {
  return (
    <ul aria-label="Key" className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-700">
      <li className="flex items-center gap-1.5">
        <span aria-hidden="true" className="inline-block h-4 w-6 rounded-sm bg-sky-700" />
        Personal (yours or shared with you)
      </li>
      <li className="flex items-center gap-1.5">
        <span aria-hidden="true" className="inline-block h-4 w-6 rounded-sm bg-violet-700" />
        Public (every key holder’s planner)
      </li>
    </ul>
  );
}

import { SUPPORT_STATUS_LABELS, type SupportStatus } from '@/lib/support';

const STYLE: Record<SupportStatus, string> = {
  open: 'bg-amber-100 text-amber-900',
  answered: 'bg-emerald-100 text-emerald-900',
  closed: 'bg-slate-200 text-slate-800',
};

export function SupportStatusBadge({ status }: { status: SupportStatus }) {
  return <span className={`rounded px-2 py-0.5 text-sm ${STYLE[status]}`}>{SUPPORT_STATUS_LABELS[status]}</span>;
}

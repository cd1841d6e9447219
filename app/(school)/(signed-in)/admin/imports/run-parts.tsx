import type { ImportHealth, ImportRunSummary } from '@/lib/mis';

const STATUS: Record<ImportRunSummary['status'], { label: string; className: string }> = {
  succeeded: { label: 'Succeeded', className: 'bg-emerald-50 text-emerald-800 ring-emerald-200' },
  failed: { label: 'Failed', className: 'bg-red-50 text-red-800 ring-red-200' },
  running: { label: 'Running', className: 'bg-amber-50 text-amber-900 ring-amber-200' },
};

export function RunStatus({ status }: { status: ImportRunSummary['status'] }) {
  const s = STATUS[status];
  return (
    <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ${s.className}`}>
      {s.label}
    </span>
  );
}

export function sourceLabel(run: Pick<ImportRunSummary, 'source' | 'sourceName' | 'startedByName'>): string {
  switch (run.source) {
    case 'upload':
      return `Upload${run.startedByName ? ` by ${run.startedByName}` : ''}`;
    case 'command':
      return 'Command line';
    case 'job':
      return 'Scheduled (MIS delivery)';
  }
}

const LIGHT: Record<ImportHealth['level'], { label: string; dot: string; ring: string }> = {
  green: { label: 'Green', dot: 'bg-emerald-500', ring: 'border-emerald-200 bg-emerald-50' },
  amber: { label: 'Amber', dot: 'bg-amber-400', ring: 'border-amber-200 bg-amber-50' },
  red: { label: 'Red', dot: 'bg-red-500', ring: 'border-red-200 bg-red-50' },
};

/** The traffic light: green under 26 hours since the last successful import, amber under 72, red otherwise or after a failure. */
export function HealthLight({ health, formatTime }: { health: ImportHealth; formatTime: (d: Date) => string }) {
  const l = LIGHT[health.level];
  const text = health.lastRunFailed
    ? `The last import failed${health.lastFailureReason ? `: ${health.lastFailureReason}` : '.'}`
    : health.lastSuccessAt
      ? `Last successful import ${formatTime(health.lastSuccessAt)}.`
      : 'No import has succeeded yet.';
  return (
    <section aria-label="Import health" className={`flex items-start gap-3 rounded-2xl border p-4 ${l.ring}`}>
      <span aria-hidden="true" className={`mt-1 inline-block size-4 shrink-0 rounded-full ${l.dot}`} />
      <div className="min-w-0">
        <p className="font-semibold text-slate-900">Import health: {l.label}</p>
        <p className="text-sm break-words text-slate-700">{text}</p>
        <p className="mt-1 text-xs text-slate-600">
          Green when the last successful import is under 26 hours old, amber under 72 hours, red otherwise or when the
          last import failed.
        </p>
      </div>
    </section>
  );
}

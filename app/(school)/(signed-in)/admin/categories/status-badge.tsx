import type { CategoryStatus } from '@/lib/admin';

/** Enabled, disabled or merged, and whether it came from another school. */
export function CategoryStatusBadge({
  status,
  legacy,
  mergedIntoName,
}: {
  status: CategoryStatus;
  legacy: boolean;
  mergedIntoName: string | null;
}) {
  const text =
    status === 'merged'
      ? `Merged into ${mergedIntoName ?? 'another category'}`
      : status === 'disabled'
        ? 'Disabled'
        : 'Enabled';
  const tone =
    status === 'enabled'
      ? 'bg-emerald-50 text-emerald-900 ring-emerald-200'
      : 'bg-slate-100 text-slate-800 ring-slate-300';
  return (
    <p className="flex flex-wrap gap-1 text-sm">
      <span className={`rounded-full px-2 py-0.5 ring-1 ${tone}`}>{text}</span>
      {legacy ? (
        <span className="rounded-full bg-amber-50 px-2 py-0.5 text-amber-900 ring-1 ring-amber-200">
          Legacy (from a transfer)
        </span>
      ) : null}
    </p>
  );
}

import Link from 'next/link';
import type { ImportHealth } from '@/lib/mis';

const LOOK = {
  green: { dot: 'bg-emerald-500', box: 'border-emerald-200 bg-emerald-50 text-emerald-900', word: 'Up to date' },
  amber: { dot: 'bg-amber-500', box: 'border-amber-200 bg-amber-50 text-amber-900', word: 'Overdue' },
  red: { dot: 'bg-rose-600', box: 'border-rose-200 bg-rose-50 text-rose-900', word: 'Needs attention' },
} as const;

/**
 * The MIS import traffic light: whether pupil data is fresh (green under 26
 * hours, amber under 72, red after that or when the last run failed), when the
 * last good import finished, and for administrators the way to Admin → Imports.
 */
export function ImportHealthBadge({
  health,
  timeZone,
  adminHref,
}: {
  health: ImportHealth;
  timeZone: string;
  adminHref: string | null;
}) {
  const look = LOOK[health.level];
  const when = health.lastSuccessAt
    ? new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(
        health.lastSuccessAt,
      )
    : null;
  const detail = health.lastRunFailed
    ? `Last import failed${when ? `; last good import ${when}` : ''}`
    : when
      ? `Last import ${when}`
      : 'No import yet';
  const body = (
    <>
      <span aria-hidden="true" className={`h-2.5 w-2.5 shrink-0 rounded-full ${look.dot}`} />
      <span>
        <span className="font-semibold">MIS data: {look.word}</span>
        <span className="block text-xs opacity-90 sm:inline sm:before:content-['_·_']">{detail}</span>
      </span>
    </>
  );
  const cls = `inline-flex items-center gap-2 rounded-xl border px-3 py-1.5 text-sm ${look.box}`;
  return adminHref ? (
    <Link
      href={adminHref}
      className={`${cls} hover:underline`}
      aria-label={`MIS data: ${look.word}. ${detail}. Open imports`}
    >
      {body}
    </Link>
  ) : (
    <p className={cls} role="status">
      {body}
    </p>
  );
}

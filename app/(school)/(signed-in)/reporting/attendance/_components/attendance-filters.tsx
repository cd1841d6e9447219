import Link from 'next/link';
import type { AttendanceScope } from '@/lib/reports';
import { PupilFilterFields } from '../../_components/pupil-filter-fields';

/**
 * "Show filters": a GET form (bookmarkable, works without JavaScript),
 * closed until a filter is set so a phone opens at the figures. The year and
 * the class ride along as hidden fields.
 */
export function AttendanceFilters({
  scope,
  action,
  clearHref,
  group,
}: {
  scope: AttendanceScope;
  action: string;
  clearHref: string;
  /** The class whose pupils are shown, kept when the filters change. */
  group?: string;
}) {
  const { form } = scope;
  const invalid = Object.keys(form.fieldErrors).length > 0;
  return (
    <details
      open={form.active || invalid}
      className="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5"
    >
      <summary className="min-h-11 cursor-pointer py-2 font-medium text-brand-700">
        {form.active ? 'Show filters (some are set)' : 'Show filters'}
      </summary>
      <form method="get" action={action} className="mt-3 space-y-5" noValidate>
        {group === undefined ? null : <input type="hidden" name="group" value={group} />}
        {scope.year.current ? null : <input type="hidden" name="year" value={scope.year.startsOn} />}
        {invalid ? (
          <p role="alert" className="rounded-lg bg-rose-50 px-3 py-2 font-medium text-rose-800">
            Some filters need correcting: nothing is counted until they are.
          </p>
        ) : null}
        <PupilFilterFields form={form} categories={scope.categories} options={scope.options} />
        <div className="flex flex-wrap items-center gap-4">
          <button
            type="submit"
            className="inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700"
          >
            Apply filters
          </button>
          {form.active ? (
            <Link href={clearHref} className="text-brand-700 underline underline-offset-2">
              Clear filters
            </Link>
          ) : null}
        </div>
      </form>
    </details>
  );
}

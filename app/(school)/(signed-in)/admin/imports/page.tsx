import Link from 'next/link';
import { importHealth, listImportRuns } from '@/lib/mis';
import { requireAdminPage } from '../admin-page';
import { schoolDateTime } from '../_components/format';
import { AdminPageHeader } from '../_components/page-header';
import { HealthLight, RunStatus, sourceLabel } from './run-parts';
import { UploadForm } from './upload-form';

export const metadata = { title: 'Imports' };

const n = (v: number | undefined) => (v ?? 0).toLocaleString('en-GB');

export default async function ImportsPage() {
  const ctx = await requireAdminPage();
  const [runs, health] = await Promise.all([listImportRuns(ctx), importHealth(ctx)]);
  const formatTime = schoolDateTime(ctx.school.timeZone);
  return (
    <div className="space-y-5">
      <AdminPageHeader
        title="Imports"
        intro={`Pupils, staff, contacts and attendance come from ${ctx.school.name}'s MIS. Extracts delivered by the MIS are imported automatically; you can also upload one here.`}
      />
      <HealthLight health={health} formatTime={formatTime} />
      <section className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm">
        <h2 className="text-lg font-semibold">Upload an extract</h2>
        <p className="mb-3 text-sm text-slate-600">
          Rows with errors are skipped and listed; everything else is imported. Pupils missing from students.csv are
          archived, never deleted.
        </p>
        <UploadForm />
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Runs</h2>
        {runs.length === 0 ? (
          <p className="rounded-2xl border border-dashed border-slate-300 bg-white p-5 text-slate-600">
            No imports yet.
          </p>
        ) : (
          <div
            role="region"
            aria-label="Import runs"
            tabIndex={0}
            className="overflow-x-auto rounded-2xl border border-slate-200 bg-white shadow-sm"
          >
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Import runs, newest first</caption>
              <thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
                <tr>
                  <th scope="col" className="px-3 py-2 font-semibold">
                    When
                  </th>
                  <th scope="col" className="hidden px-3 py-2 font-semibold md:table-cell">
                    Source
                  </th>
                  <th scope="col" className="px-3 py-2 text-right font-semibold">
                    Added
                  </th>
                  <th scope="col" className="hidden px-3 py-2 text-right font-semibold sm:table-cell">
                    Updated
                  </th>
                  <th scope="col" className="hidden px-3 py-2 text-right font-semibold sm:table-cell">
                    Archived
                  </th>
                  <th scope="col" className="hidden px-3 py-2 text-right font-semibold sm:table-cell">
                    Restored
                  </th>
                  <th scope="col" className="px-3 py-2 text-right font-semibold">
                    Errors
                  </th>
                  <th scope="col" className="px-3 py-2 font-semibold">
                    Status
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 align-top">
                {runs.map((r) => (
                  <tr key={r.id} className="hover:bg-slate-50">
                    <td className="px-3 py-2">
                      <Link
                        href={`/admin/imports/${r.id}`}
                        className="font-medium whitespace-nowrap text-brand-800 underline-offset-2 hover:underline"
                      >
                        {formatTime(r.startedAt)}
                      </Link>
                      <span className="block text-xs text-slate-600 md:hidden">{sourceLabel(r)}</span>
                    </td>
                    <td className="hidden px-3 py-2 text-slate-700 md:table-cell">
                      {sourceLabel(r)}
                      <span className="block max-w-xs truncate text-xs text-slate-500" title={r.sourceName}>
                        {r.sourceName}
                      </span>
                    </td>
                    <td className="px-3 py-2 text-right tabular-nums">{r.counts ? n(r.counts.added) : '—'}</td>
                    <td className="hidden px-3 py-2 text-right tabular-nums sm:table-cell">
                      {r.counts ? n(r.counts.updated) : '—'}
                    </td>
                    <td className="hidden px-3 py-2 text-right tabular-nums sm:table-cell">
                      {r.counts ? n(r.counts.archived) : '—'}
                    </td>
                    <td className="hidden px-3 py-2 text-right tabular-nums sm:table-cell">
                      {r.counts ? n(r.counts.restored) : '—'}
                    </td>
                    <td
                      className={`px-3 py-2 text-right tabular-nums ${r.counts?.errors ? 'font-semibold text-red-700' : ''}`}
                    >
                      {r.counts ? n(r.counts.errors) : '—'}
                    </td>
                    <td className="px-3 py-2">
                      <RunStatus status={r.status} />
                      {r.failureReason ? (
                        <span className="mt-1 block max-w-xs text-xs break-words text-red-800">{r.failureReason}</span>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

import Link from 'next/link';
import { getImportRun, listImportRowIssues } from '@/lib/mis';
import { orNotFound, requireAdminPage } from '../../admin-page';
import { schoolDateTime } from '../../_components/format';
import { AdminPageHeader, secondaryLink } from '../../_components/page-header';
import { RunStatus, sourceLabel } from '../run-parts';

export const metadata = { title: 'Import run' };

const n = (v: number) => v.toLocaleString('en-GB');
const FILE_ORDER = ['students.csv', 'staff.csv', 'contacts.csv', 'attendance.csv'];

export default async function ImportRunPage({ params }: { params: Promise<{ runId: string }> }) {
  const ctx = await requireAdminPage();
  const { runId } = await params;
  const run = await orNotFound(getImportRun(ctx, runId));
  const issues = await listImportRowIssues(ctx, run.id);
  const formatTime = schoolDateTime(ctx.school.timeZone);
  // Stored as JSON, whose keys come back in no useful order: show the files in the bundle's order.
  const files = Object.entries(run.counts?.files ?? {}).sort(
    ([a], [b]) => FILE_ORDER.indexOf(a) - FILE_ORDER.indexOf(b),
  );
  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.length - errors;
  return (
    <div className="space-y-5">
      <AdminPageHeader
        title={`Import of ${formatTime(run.startedAt)}`}
        back={{ href: '/admin/imports', label: 'Imports' }}
      >
        {issues.length > 0 ? (
          <a href={`/admin/imports/${run.id}/download`} className={secondaryLink} download>
            Download as CSV
          </a>
        ) : null}
      </AdminPageHeader>
      <section className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm">
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="font-medium text-slate-600">Status</dt>
          <dd>
            <RunStatus status={run.status} />
          </dd>
          {run.failureReason ? (
            <>
              <dt className="font-medium text-slate-600">Why it failed</dt>
              <dd className="break-words text-red-800">{run.failureReason}</dd>
            </>
          ) : null}
          <dt className="font-medium text-slate-600">Source</dt>
          <dd className="break-words">
            {sourceLabel(run)} <span className="text-slate-500">({run.sourceName})</span>
          </dd>
          <dt className="font-medium text-slate-600">Finished</dt>
          <dd>{run.finishedAt ? formatTime(run.finishedAt) : 'Still running'}</dd>
          {run.counts ? (
            <>
              <dt className="font-medium text-slate-600">Sibling links</dt>
              <dd>
                {n(run.counts.siblingLinks?.added ?? 0)} made, {n(run.counts.siblingLinks?.removed ?? 0)} no longer hold
              </dd>
              <dt className="font-medium text-slate-600">User accounts deactivated</dt>
              <dd>{n(run.counts.staffDeactivated)}</dd>
            </>
          ) : null}
        </dl>
      </section>
      {files.length > 0 ? (
        <section className="space-y-2">
          <h2 className="text-lg font-semibold">Files</h2>
          <div
            role="region"
            aria-label="Counts per file"
            tabIndex={0}
            className="overflow-x-auto rounded-2xl border border-slate-200 bg-white shadow-sm"
          >
            <table className="w-full text-left text-sm">
              <caption className="sr-only">What each file did</caption>
              <thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
                <tr>
                  {['File', 'Rows', 'Added', 'Updated', 'Unchanged', 'Archived', 'Restored', 'Errors'].map((h, i) => (
                    <th key={h} scope="col" className={`px-3 py-2 font-semibold ${i > 0 ? 'text-right' : ''}`}>
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {files.map(([file, c]) => (
                  <tr key={file}>
                    <th scope="row" className="px-3 py-2 font-medium">
                      {file}
                    </th>
                    {[c.rows, c.added, c.updated, c.unchanged, c.archived, c.restored, c.errors].map((v, i) => (
                      <td
                        key={i}
                        className={`px-3 py-2 text-right tabular-nums ${i === 6 && v > 0 ? 'font-semibold text-red-700' : ''}`}
                      >
                        {n(v)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Errors and warnings</h2>
        <p className="text-sm text-slate-600">
          {issues.length === 0
            ? 'None: every row was imported.'
            : `${n(errors)} ${errors === 1 ? 'error' : 'errors'} (the row was skipped, or for a value too long only that value; anything already stored for it was left as it was) and ${n(warnings)} ${warnings === 1 ? 'warning' : 'warnings'} (imported with a caveat).`}
        </p>
        {issues.length > 0 ? (
          <div
            role="region"
            aria-label="Errors and warnings"
            tabIndex={0}
            className="overflow-x-auto rounded-2xl border border-slate-200 bg-white shadow-sm"
          >
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Rows with errors or warnings</caption>
              <thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
                <tr>
                  <th scope="col" className="px-3 py-2 font-semibold">
                    File
                  </th>
                  <th scope="col" className="px-3 py-2 text-right font-semibold">
                    Line
                  </th>
                  <th scope="col" className="px-3 py-2 font-semibold">
                    Column
                  </th>
                  <th scope="col" className="px-3 py-2 font-semibold">
                    Reason
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 align-top">
                {issues.map((i, k) => (
                  <tr key={k}>
                    <td className="px-3 py-1.5 whitespace-nowrap">{i.file}</td>
                    <td className="px-3 py-1.5 text-right tabular-nums">{i.line === 0 ? '—' : i.line}</td>
                    <td className="px-3 py-1.5 break-all">{i.column ?? '—'}</td>
                    <td className="px-3 py-1.5">
                      <span
                        className={`mr-1 inline-block rounded px-1.5 text-xs font-semibold ${i.severity === 'error' ? 'bg-red-50 text-red-800' : 'bg-amber-50 text-amber-900'}`}
                      >
                        {i.severity === 'error' ? 'Error' : 'Warning'}
                      </span>
                      <span className="break-words">{i.reason}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
      <p>
        <Link href="/admin/imports" className="text-brand-700 underline underline-offset-2">
          Back to imports
        </Link>
      </p>
    </div>
  );
}

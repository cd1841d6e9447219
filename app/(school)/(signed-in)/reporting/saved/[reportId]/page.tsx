import Link from 'next/link';
import { notFound } from 'next/navigation';
import { NotFoundError, UserError } from '@/lib/errors';
import { requireUserCtx } from '@/lib/http';
import { rangeText, regenerateSavedReport, reportTitle, reportsAccess } from '@/lib/reports';
import { dateInZone, formatSchoolDay } from '@/lib/time';
import { ReportingGate } from '../../_components/reporting-gate';
import { SummaryTableView } from '../../custom/summary-table-view';

export const metadata = { title: 'Saved report' };

/** Regenerate: the stored definition run now, as the person opening it (each opening is an audited run). */
export default async function SavedReportPage({ params }: { params: Promise<{ reportId: string }> }) {
  const ctx = await requireUserCtx();
  const access = reportsAccess(ctx);
  if (access !== 'allowed') return <ReportingGate access={access} schoolName={ctx.school.name} />;
  const { reportId } = await params;
  let regenerated;
  try {
    regenerated = await regenerateSavedReport(ctx, reportId);
  } catch (e) {
    if (e instanceof NotFoundError) notFound();
    // A definition this version cannot read: said plainly, with the way back (its owner can delete it there).
    if (!(e instanceof UserError)) throw e;
    return (
      <section className="mx-auto max-w-lg space-y-4 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-2xl font-semibold tracking-tight">Saved report</h1>
        <p className="text-slate-600">{e.message}</p>
        <Link href="/reporting/saved" className="text-brand-700 underline underline-offset-2">
          Back to Saved reports
        </Link>
      </section>
    );
  }
  const { report, run } = regenerated;
  const { table } = run;
  const caption = reportTitle(table);
  return (
    <div className="space-y-6">
      <div>
        <Link href="/reporting/saved" className="text-sm text-brand-700 underline underline-offset-2">
          <span aria-hidden="true">← </span>Saved reports
        </Link>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight break-words">{report.title}</h1>
        <p className="mt-1 text-slate-600">
          Saved by {report.mayManage ? 'you' : report.ownerName} on{' '}
          {formatSchoolDay(dateInZone(ctx.school.timeZone, report.createdAt))}. Regenerated now from today’s records.
        </p>
      </div>
      <section
        aria-labelledby="report-result-heading"
        className="min-w-0 rounded-2xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5"
      >
        <h2 id="report-result-heading" className="text-lg font-semibold">
          {caption}
        </h2>
        <p className="mt-1 text-slate-600">
          Incidents {rangeText(run.days)}, in the school’s time zone.{' '}
          {table.total === 1 ? 'One incident' : `${table.total} incidents`} in all.
        </p>
        <p className="mt-1 text-sm text-slate-600">
          {table.countsPerCategory
            ? 'An incident in several categories is counted once under each of them, so the rows or columns can add up to more than the totals, which count each incident once.'
            : 'Each incident is counted once.'}{' '}
          Only incidents you may see are counted, whoever saved the report; deleted incidents are not.
        </p>
        <div className="mt-4">
          {table.rows.length === 0 ? (
            <p className="rounded-xl border border-dashed border-slate-300 bg-slate-50 px-4 py-5 text-center text-slate-600">
              No incidents you can see match this report’s filters.
            </p>
          ) : (
            <SummaryTableView table={table} caption={caption} />
          )}
        </div>
      </section>
    </div>
  );
}

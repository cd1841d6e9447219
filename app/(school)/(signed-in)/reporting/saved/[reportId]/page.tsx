import Link from 'next/link';
import { notFound } from 'next/navigation';
import { NotFoundError, UserError } from '@/lib/errors';
import { getNameStyle, requireUserCtx } from '@/lib/http';
import { customReportQuery, definitionFormValues, regenerateSavedReport, reportsAccess } from '@/lib/reports';
import { dateInZone, formatSchoolDay } from '@/lib/time';
import { ReportingGate } from '../../_components/reporting-gate';
import { ListingView } from '../../_components/listing-view';
import { ReportResult } from '../../_components/report-result';
import { ReportDownloads } from '../../custom/report-downloads';

export const metadata = { title: 'Saved report' };

/**
 * Regenerate: the stored definition run now, as the person opening it (each
 * opening is an audited run), with its downloads (regenerated again, as
 * files) and a way to open the definition in the Custom report form.
 */
export default async function SavedReportPage({ params }: { params: Promise<{ reportId: string }> }) {
  const ctx = await requireUserCtx();
  const access = reportsAccess(ctx);
  if (access !== 'allowed') return <ReportingGate access={access} schoolName={ctx.school.name} />;
  const { reportId } = await params;
  let regenerated;
  try {
    regenerated = await regenerateSavedReport(ctx, reportId, undefined, await getNameStyle(ctx));
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
  const { report, run, listing } = regenerated;
  const downloads = (
    <div id="report-export" className="mt-5 space-y-4 border-t border-slate-200 pt-4">
      <h3 className="sr-only">Download</h3>
      <ReportDownloads base={`/reporting/saved/${report.id}`} />
      <p>
        <Link
          href={`/reporting/custom?${customReportQuery(definitionFormValues((run ?? listing).definition))}#report-result`}
          className="text-brand-700 underline underline-offset-2"
        >
          Open in custom report
        </Link>{' '}
        <span className="text-slate-600">to change its filters; the saved report stays as it is.</span>
      </p>
    </div>
  );
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
      {run ? (
        <ReportResult run={run} whoever>
          {downloads}
        </ReportResult>
      ) : (
        <ListingView run={listing}>{downloads}</ListingView>
      )}
    </div>
  );
}

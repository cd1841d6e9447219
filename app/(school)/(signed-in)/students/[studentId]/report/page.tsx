import { requireUserCtx } from '@/lib/http';
import { getProfileReport } from '@/lib/profile';
import { customReportQuery, reportsAccess } from '@/lib/reports';
import { ReportingGate } from '../../../reporting/_components/reporting-gate';
import { ListingView } from '../../../reporting/_components/listing-view';
import { ReportResult } from '../../../reporting/_components/report-result';
import { ReportDownloads } from '../../../reporting/custom/report-downloads';
import { ElevatePrompt } from '../_components/elevate-prompt';
import { loadProfileTab, type ProfileParams } from '../_components/load';
import { ProfileFrame } from '../_components/profile-frame';
import { StudentReportForm } from './student-report-form';

export const metadata = { title: 'Student report' };

type Search = Record<string, string | string[] | undefined>;

/**
 * The Student report: the report engine on this pupil's incidents — counts
 * by month, day of the week or category as a table or chart, or their full
 * chronology with names hidden where asked — with its Excel and password
 * PDF downloads. What a DSL sends to a school that does not use Haven. The
 * pupil is decided on as on every tab; running it needs `reports.run`.
 */
export default async function StudentReportTab({
  params,
  searchParams,
}: ProfileParams & { searchParams: Promise<Search> }) {
  const { studentId } = await params;
  const query = await searchParams;
  const signedIn = await requireUserCtx();
  const access = reportsAccess(signedIn);
  // The tab is offered only to those who run reports; anyone else is told why, whichever pupil the address names.
  if (access !== 'allowed') return <ReportingGate access={access} schoolName={signedIn.school.name} />;
  const loaded = await loadProfileTab((ctx, style) => getProfileReport(ctx, studentId, style, query));
  if (loaded.kind === 'elevate') return <ElevatePrompt />;
  const { page, ctx } = loaded;
  const report = page.data;
  const invalid = Object.values(report.form.fieldErrors).some((e) => e?.length);
  const downloads = (
    <div id="report-export" className="mt-5 border-t border-slate-200 pt-4">
      <h3 className="sr-only">Download</h3>
      <ReportDownloads
        base={`/students/${page.header.id}/report`}
        fields={[...customReportQuery(report.form.values)]}
      />
    </div>
  );
  return (
    <ProfileFrame header={page.header} current="report" timeZone={ctx.school.timeZone}>
      <div className="space-y-6">
        <section
          aria-labelledby="student-report-heading"
          className="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5"
        >
          <h2 id="student-report-heading" className="text-lg font-semibold">
            Student report
          </h2>
          <p className="mt-1 mb-4 max-w-3xl text-slate-600">
            This pupil’s incidents as counts, a chart or a full chronology, to print or send as a password-protected
            PDF. Only incidents you may see are included.
          </p>
          {invalid ? (
            <p role="alert" className="mb-4 rounded-lg bg-rose-50 px-3 py-2 font-medium text-rose-800">
              Please correct the highlighted fields.
            </p>
          ) : null}
          <StudentReportForm studentId={page.header.id} form={report.form} categories={report.categories} />
        </section>
        {report.run ? <ReportResult run={report.run}>{downloads}</ReportResult> : null}
        {report.listing ? <ListingView run={report.listing}>{downloads}</ListingView> : null}
      </div>
    </ProfileFrame>
  );
}

import { randomUUID } from 'node:crypto';
import Link from 'next/link';
import { getNameStyle, requireUserCtx } from '@/lib/http';
import {
  customReportQuery,
  getCustomReportPage,
  reportsAccess,
  type CustomReportValues,
  type ReportRun,
  type StudentsRun,
} from '@/lib/reports';
import { ReportingGate } from '../_components/reporting-gate';
import { ListingView } from '../_components/listing-view';
import { ReportResult } from '../_components/report-result';
import { ReportDownloads } from './report-downloads';
import { ReportFilters } from './report-filters';
import { SaveReportForm } from './save-report-form';

export const metadata = { title: 'Custom report' };

type Search = Record<string, string | string[] | undefined>;

function Results({ run, values }: { run: ReportRun | StudentsRun; values: CustomReportValues }) {
  return (
    <ReportResult run={run}>
      <div id="report-export" className="mt-5 border-t border-slate-200 pt-4">
        <h3 className="sr-only">Download</h3>
        <ReportDownloads base="/reporting/custom" fields={[...customReportQuery(values)]} />
      </div>
    </ReportResult>
  );
}

export default async function CustomReportPage({ searchParams }: { searchParams: Promise<Search> }) {
  const ctx = await requireUserCtx();
  const access = reportsAccess(ctx);
  if (access !== 'allowed') return <ReportingGate access={access} schoolName={ctx.school.name} />;
  const page = await getCustomReportPage(ctx, await searchParams, await getNameStyle(ctx));
  const invalid = Object.values(page.form.fieldErrors).some((e) => e?.length);
  return (
    <div className="space-y-6">
      <div>
        <Link href="/reporting" className="text-sm text-brand-700 underline underline-offset-2">
          <span aria-hidden="true">← </span>Reporting
        </Link>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight">Custom report</h1>
        <p className="mt-1 max-w-3xl text-slate-600">
          Choose which incidents — or, on Students, which pupils — to count and how to group them, then generate a
          summary table, a chart or a listing of every incident (or, on Students, every pupil).
        </p>
      </div>
      <section
        aria-labelledby="report-filters-heading"
        className="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5"
      >
        <h2 id="report-filters-heading" className="sr-only">
          Filters
        </h2>
        {invalid ? (
          <p role="alert" className="mb-4 rounded-lg bg-rose-50 px-3 py-2 font-medium text-rose-800">
            Please correct the highlighted fields.
          </p>
        ) : null}
        <ReportFilters page={page} />
      </section>
      {page.run ? <Results run={page.run} values={page.form.values} /> : null}
      {page.students ? <Results run={page.students} values={page.form.values} /> : null}
      {page.listing ? (
        <ListingView run={page.listing}>
          <div id="report-export" className="mt-5 border-t border-slate-200 pt-4">
            <h3 className="sr-only">Download</h3>
            <ReportDownloads base="/reporting/custom" fields={[...customReportQuery(page.form.values)]} />
          </div>
        </ListingView>
      ) : null}
      {page.run || page.listing || page.students ? (
        <SaveReportForm
          definition={JSON.stringify((page.run ?? page.listing ?? page.students)!.definition)}
          submissionKey={randomUUID()}
        />
      ) : null}
    </div>
  );
}

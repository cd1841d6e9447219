import { randomUUID } from 'node:crypto';
import Link from 'next/link';
import { requireUserCtx } from '@/lib/http';
import {
  customReportQuery,
  getCustomReportPage,
  rangeText,
  reportsAccess,
  reportTitle,
  type CustomReportValues,
  type ReportRun,
} from '@/lib/reports';
import { ChartFrame } from '../_components/chart-frame';
import { ReportingGate } from '../_components/reporting-gate';
import { ReportDownloads } from './report-downloads';
import { ReportFilters } from './report-filters';
import { SaveReportForm } from './save-report-form';
import { SummaryTableView } from './summary-table-view';

export const metadata = { title: 'Custom report' };

type Search = Record<string, string | string[] | undefined>;

function Results({ run, values }: { run: ReportRun; values: CustomReportValues }) {
  const { table } = run;
  const title = reportTitle(table);
  return (
    <section
      id="report-result"
      aria-labelledby="report-result-heading"
      className="min-w-0 scroll-mt-4 rounded-2xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5"
    >
      <h2 id="report-result-heading" className="text-lg font-semibold">
        {title}
      </h2>
      <p className="mt-1 text-slate-600">
        Incidents {rangeText(run.days)}, in the school’s time zone.{' '}
        {table.total === 1 ? 'One incident' : `${table.total} incidents`} in all.
      </p>
      <p className="mt-1 text-sm text-slate-600">
        {table.countsPerCategory
          ? 'An incident in several categories is counted once under each of them, so the rows or columns can add up to more than the totals, which count each incident once.'
          : 'Each incident is counted once.'}{' '}
        Only incidents you may see are counted; deleted incidents are not.
      </p>
      <div className="mt-4">
        {table.rows.length === 0 ? (
          <p className="rounded-xl border border-dashed border-slate-300 bg-slate-50 px-4 py-5 text-center text-slate-600">
            No incidents you can see match these filters.
          </p>
        ) : (
          <>
            {run.chart ? (
              <div className="mb-4">
                <ChartFrame spec={run.chart} title={title} />
              </div>
            ) : null}
            <SummaryTableView table={table} caption={title} />
          </>
        )}
      </div>
      <div id="report-export" className="mt-5 border-t border-slate-200 pt-4">
        <h3 className="sr-only">Download</h3>
        <ReportDownloads fields={[...customReportQuery(values)]} />
      </div>
    </section>
  );
}

export default async function CustomReportPage({ searchParams }: { searchParams: Promise<Search> }) {
  const ctx = await requireUserCtx();
  const access = reportsAccess(ctx);
  if (access !== 'allowed') return <ReportingGate access={access} schoolName={ctx.school.name} />;
  const page = await getCustomReportPage(ctx, await searchParams);
  const invalid = Object.values(page.form.fieldErrors).some((e) => e?.length);
  return (
    <div className="space-y-6">
      <div>
        <Link href="/reporting" className="text-sm text-brand-700 underline underline-offset-2">
          <span aria-hidden="true">← </span>Reporting
        </Link>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight">Custom report</h1>
        <p className="mt-1 max-w-3xl text-slate-600">
          Choose which incidents to count and how to group them, then generate the summary table.
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
      {page.run ? (
        <SaveReportForm definition={JSON.stringify(page.run.definition)} submissionKey={randomUUID()} />
      ) : null}
    </div>
  );
}

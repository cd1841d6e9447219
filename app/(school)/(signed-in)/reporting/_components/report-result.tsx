/**
 * A report's result as the enquiry view shows it, on the Custom report page
 * and when a saved report is regenerated: the title, what was counted, the
 * chart when the report is a chart, the table, and below them whatever the
 * page adds (downloads). A server component; the chart loads lazily.
 */
import { rangeText, reportTitle, type ReportRun, type StudentsRun } from '@/lib/reports';
import { SummaryTableView } from '../custom/summary-table-view';
import { ChartFrame } from './chart-frame';

export function ReportResult({
  run,
  whoever = false,
  children,
}: {
  run: ReportRun | StudentsRun;
  /** A saved report: say that only the viewer's incidents count, whoever saved it. */
  whoever?: boolean;
  children?: React.ReactNode;
}) {
  const { table } = run;
  if (run.definition.subject === 'students') {
    return (
      <StudentsResult run={run as StudentsRun} whoever={whoever}>
        {children}
      </StudentsResult>
    );
  }
  const title = reportTitle(table, { type: run.definition.report.type });
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
        Only incidents you may see are counted{whoever ? ', whoever saved the report' : ''}; deleted incidents are not.
      </p>
      <div className="mt-4">
        {table.rows.length === 0 ? (
          <p className="rounded-xl border border-dashed border-slate-300 bg-slate-50 px-4 py-5 text-center text-slate-600">
            {whoever
              ? 'No incidents you can see match this report’s filters.'
              : 'No incidents you can see match these filters.'}
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
      {children}
    </section>
  );
}

/** A Students report: pupils counted, each once per group (a multiple-choice field's options: once under each). */
function StudentsResult({
  run,
  whoever,
  children,
}: {
  run: StudentsRun;
  whoever: boolean;
  children?: React.ReactNode;
}) {
  const { table } = run;
  const title = reportTitle(table, { subject: 'students', type: run.definition.report.type });
  const withIncidents = run.definition.filters.incidents !== null;
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
        {withIncidents
          ? `Pupils with at least one incident ${rangeText(run.days)} matching the incident filters.`
          : 'Pupils matching the pupil filters.'}{' '}
        {table.total === 1 ? 'One pupil' : `${table.total} pupils`} in all.
      </p>
      <p className="mt-1 text-sm text-slate-600">
        Only pupils you may see are counted{whoever ? ', whoever saved the report' : ''}
        {withIncidents ? ', and only incidents you may see' : ''}.
      </p>
      <div className="mt-4">
        {table.rows.length === 0 ? (
          <p className="rounded-xl border border-dashed border-slate-300 bg-slate-50 px-4 py-5 text-center text-slate-600">
            No pupils you can see match {whoever ? 'this report’s filters' : 'these filters'}.
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
      {children}
    </section>
  );
}

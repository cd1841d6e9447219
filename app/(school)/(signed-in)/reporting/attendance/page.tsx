import Link from 'next/link';
import { requireUserCtx } from '@/lib/http';
import { CLASS_NOUNS, getAttendancePage, reportsAccess } from '@/lib/reports';
import { ChartFrame } from '../_components/chart-frame';
import { ReportingGate } from '../_components/reporting-gate';
import { AttendanceFilters } from './_components/attendance-filters';
import { attendanceHref, difference, pct, ScopeNote, unfilteredHref, YearPicker } from './_components/attendance-parts';

export const metadata = { title: 'Attendance' };

const count = new Intl.NumberFormat('en-GB');
const PATH = '/reporting/attendance';

export default async function AttendancePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requireUserCtx();
  const access = reportsAccess(ctx);
  if (access !== 'allowed') return <ReportingGate access={access} schoolName={ctx.school.name} />;
  const page = await getAttendancePage(ctx, await searchParams);
  const noun = CLASS_NOUNS[page.classKind];
  const title = `Attendance by ${noun.one.toLowerCase()}`;
  const drawn = page.classes.some((c) => c.percentage !== null);
  return (
    <div className="space-y-6">
      <div>
        <Link href="/reporting" className="text-sm text-brand-700 underline underline-offset-2">
          <span aria-hidden="true">← </span>Reporting
        </Link>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight">Attendance</h1>
        <ScopeNote scope={page} pupils={page.average.pupils} />
      </div>
      <YearPicker scope={page} path={PATH} />
      <AttendanceFilters scope={page} action={PATH} clearHref={unfilteredHref(PATH, page)} />
      {page.form.filters === null ? null : (
        <section
          aria-labelledby="attendance-classes"
          className="min-w-0 rounded-2xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5"
        >
          <h2 id="attendance-classes" className="text-lg font-semibold">
            {title}
          </h2>
          <p className="mt-1 text-slate-600">
            Average: <span className="font-semibold text-slate-900">{pct(page.average.percentage)}</span> over{' '}
            {count.format(page.average.possible)} possible sessions; “against average” is in percentage points. Classes
            at or above it are blue, below it orange
            {page.chart.min ? `; the scale starts at ${page.chart.min}%` : ''}.
          </p>
          {drawn ? (
            <div className="mt-3">
              <ChartFrame spec={page.chart} title={title} />
            </div>
          ) : (
            <p className="mt-4 rounded-xl border border-dashed border-slate-300 bg-slate-50 px-4 py-5 text-center text-slate-600">
              {page.classes.length === 0
                ? 'No pupil you can see matches.'
                : 'No attendance marks for these pupils in this school year.'}
            </p>
          )}
          {page.classes.length > 0 ? (
            <div className="mt-4 overflow-x-auto">
              <table className="w-full text-left">
                <caption className="sr-only">{title}, with the difference from the average</caption>
                <thead className="border-b border-slate-300 text-sm text-slate-600">
                  <tr>
                    <th scope="col" className="py-2 pr-2 font-medium">
                      {noun.one}
                    </th>
                    <th scope="col" className="px-2 py-2 text-right font-medium">
                      Pupils
                    </th>
                    <th scope="col" className="px-2 py-2 text-right font-medium">
                      Attendance
                    </th>
                    <th scope="col" className="py-2 pl-2 text-right font-medium">
                      Against average
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-200">
                  {page.classes.map((c) => (
                    <tr key={c.key ?? ''}>
                      <th scope="row" className="py-2 pr-2 font-medium">
                        {c.key === null ? (
                          <span className="text-slate-600">{c.label}</span>
                        ) : (
                          <Link
                            href={attendanceHref(`${PATH}/class`, page, { group: c.key })}
                            className="inline-flex min-h-11 items-center text-brand-800 underline underline-offset-2"
                          >
                            {c.label}
                          </Link>
                        )}
                      </th>
                      <td className="px-2 py-2 text-right tabular-nums">{count.format(c.pupils)}</td>
                      <td className="px-2 py-2 text-right font-semibold tabular-nums">{pct(c.percentage)}</td>
                      <td
                        className={`py-2 pl-2 text-right tabular-nums ${
                          c.difference !== null && c.difference < 0 ? 'text-amber-800' : 'text-slate-700'
                        }`}
                      >
                        {difference(c.difference)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </section>
      )}
    </div>
  );
}

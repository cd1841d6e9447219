import Link from 'next/link';
import type { ReactNode } from 'react';
import { getNameStyle, requireUserCtx } from '@/lib/http';
import { getOverviewPage, reportsAccess, type ChartSpec, type OverviewAttendee } from '@/lib/reports';
import { formatSchoolDay } from '@/lib/time';
import { ChartFrame } from '../_components/chart-frame';
import { ChartTable } from '../_components/chart-table';
import { ReportingGate } from '../_components/reporting-gate';

export const metadata = { title: 'Overview' };

const count = new Intl.NumberFormat('en-GB');
const pct = (v: number | null) => (v === null ? '–' : `${v}%`);

function Card({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="min-w-0 rounded-2xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

function Figure({ label, value, hint }: { label: string; value: string; hint: string }) {
  return (
    <div className="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm">
      <dt className="text-sm font-medium text-slate-600">{label}</dt>
      <dd className="mt-1 text-3xl font-semibold tabular-nums text-brand-900">{value}</dd>
      <dd className="mt-1 text-sm text-slate-600">{hint}</dd>
    </div>
  );
}

function ChartWithData({
  spec,
  title,
  groupHeading,
  empty,
}: {
  spec: ChartSpec;
  title: string;
  groupHeading: string;
  empty: string;
}) {
  if (spec.labels.length === 0)
    return (
      <p className="mt-4 rounded-xl border border-dashed border-slate-300 bg-slate-50 px-4 py-5 text-center text-slate-600">
        {empty}
      </p>
    );
  return (
    <>
      <div className="mt-3">
        <ChartFrame spec={spec} title={title} />
      </div>
      <details className="mt-3">
        <summary className="min-h-11 cursor-pointer py-2 font-medium text-brand-700">Show data</summary>
        <ChartTable spec={spec} caption={title} groupHeading={groupHeading} />
      </details>
    </>
  );
}

function Attendees({ heading, list }: { heading: string; list: OverviewAttendee[] }) {
  return (
    <div className="min-w-0">
      <h3 className="font-semibold text-slate-900">{heading}</h3>
      <ol className="mt-2 divide-y divide-slate-200 rounded-xl border border-slate-200">
        {list.map((p) => (
          <li key={p.id}>
            <Link
              href={`/students/${p.id}/attendance`}
              className="flex min-h-11 items-center justify-between gap-3 px-3 py-2 hover:bg-brand-50"
            >
              <span className="min-w-0">
                <span className="block truncate font-medium text-brand-800 underline underline-offset-2">{p.name}</span>
                <span className="block text-sm text-slate-600">{p.group}</span>
              </span>
              <span className="shrink-0 font-semibold tabular-nums">{p.percentage}%</span>
            </Link>
          </li>
        ))}
      </ol>
    </div>
  );
}

export default async function OverviewPage() {
  const ctx = await requireUserCtx();
  const access = reportsAccess(ctx);
  if (access !== 'allowed') return <ReportingGate access={access} schoolName={ctx.school.name} />;
  const page = await getOverviewPage(ctx, await getNameStyle(ctx));
  const { attendance } = page;
  return (
    <div className="space-y-6">
      <div>
        <Link href="/reporting" className="text-sm text-brand-700 underline underline-offset-2">
          <span aria-hidden="true">← </span>Reporting
        </Link>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight">Overview</h1>
        <p className="mt-1 max-w-3xl text-slate-600">
          Pupils on roll now and this academic year ({page.year.name}), counting only the records you may see.
        </p>
      </div>
      <dl className="grid gap-4 sm:grid-cols-3">
        <Figure
          label="Monitored now"
          value={count.format(page.monitored.total)}
          hint="Pupils monitored in any category"
        />
        <Figure
          label="Incidents this year"
          value={count.format(page.incidents.total)}
          hint={`Since ${formatSchoolDay(page.year.from)}`}
        />
        <Figure
          label="Attendance this year"
          value={pct(attendance.percentage)}
          hint={
            attendance.possible === 0
              ? 'No attendance marks yet'
              : `Whole school, ${formatSchoolDay(attendance.from)} to ${formatSchoolDay(attendance.to)}`
          }
        />
      </dl>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card id="overview-monitored" title="Monitored pupils by category">
          <p className="mt-1 text-sm text-slate-600">A pupil monitored in two categories is in both.</p>
          <ChartWithData
            spec={page.monitored.spec}
            title="Monitored pupils by category"
            groupHeading="Category"
            empty="No pupil you can see is monitored now."
          />
        </Card>
        <Card id="overview-incidents" title="Incidents this year by category">
          <p className="mt-1 text-sm text-slate-600">An incident in several categories is in each of them.</p>
          <ChartWithData
            spec={page.incidents.spec}
            title="Incidents this year by category"
            groupHeading="Category"
            empty="No incidents you can see this academic year."
          />
        </Card>
      </div>
      <Card id="overview-attendance" title="Attendance this year">
        <p className="mt-1">
          <Link href="/reporting/attendance" className="text-brand-700 underline underline-offset-2">
            Attendance by class and each class’s pupils
          </Link>
        </p>
        {attendance.possible === 0 ? (
          <p className="mt-2 text-slate-600">No attendance marks for pupils you can see this academic year yet.</p>
        ) : (
          <>
            <p className="mt-1 text-slate-600">
              Whole school: {pct(attendance.percentage)} attendance, {pct(attendance.authorised)} authorised and{' '}
              {pct(attendance.unauthorised)} unauthorised absence, over {count.format(attendance.possible)} possible
              sessions.
            </p>
            {page.highest.length > 0 ? (
              <div className="mt-4 grid gap-6 md:grid-cols-2">
                <Attendees heading="Highest attendance" list={page.highest} />
                <Attendees heading="Lowest attendance" list={page.lowest} />
              </div>
            ) : null}
          </>
        )}
      </Card>
    </div>
  );
}

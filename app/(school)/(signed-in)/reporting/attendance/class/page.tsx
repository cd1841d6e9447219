import Link from 'next/link';
import { notFound } from 'next/navigation';
import { NotFoundError } from '@/lib/errors';
import { getNameStyle, requireUserCtx } from '@/lib/http';
import { CLASS_NOUNS, getClassAttendance, reportsAccess } from '@/lib/reports';
import { ReportingGate } from '../../_components/reporting-gate';
import { AttendanceFilters } from '../_components/attendance-filters';
import {
  attendanceHref,
  differenceInWords,
  pct,
  ScopeNote,
  unfilteredHref,
  YearPicker,
} from '../_components/attendance-parts';

export const metadata = { title: 'Attendance of a class' };

const count = new Intl.NumberFormat('en-GB');
const PATH = '/reporting/attendance/class';

/** One class's pupils, highest attendance first; the class is `?group=` (class names may hold any character). */
export default async function ClassAttendancePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requireUserCtx();
  const access = reportsAccess(ctx);
  if (access !== 'allowed') return <ReportingGate access={access} schoolName={ctx.school.name} />;
  const query = await searchParams;
  const group = typeof query.group === 'string' ? query.group.slice(0, 100) : '';
  let page;
  try {
    page = await getClassAttendance(ctx, group, query, await getNameStyle(ctx));
  } catch (e) {
    if (e instanceof NotFoundError) notFound();
    throw e;
  }
  const noun = CLASS_NOUNS[page.classKind].one;
  const here = { group: page.group };
  const yearParam = page.year.current ? '' : `?year=${page.year.startsOn}`;
  const diff =
    page.classFigure.percentage === null || page.average.percentage === null
      ? null
      : Math.round((page.classFigure.percentage - page.average.percentage) * 10) / 10;
  return (
    <div className="space-y-6">
      <div>
        <Link
          href={attendanceHref('/reporting/attendance', page)}
          className="text-sm text-brand-700 underline underline-offset-2"
        >
          <span aria-hidden="true">← </span>Attendance
        </Link>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight break-words">Attendance of {page.group}</h1>
        <p className="text-sm font-medium text-slate-600">{noun}</p>
        <ScopeNote scope={page} pupils={page.average.pupils} />
      </div>
      <YearPicker scope={page} path={PATH} extra={here} />
      <AttendanceFilters scope={page} action={PATH} clearHref={unfilteredHref(PATH, page, here)} group={page.group} />
      {page.form.filters === null ? null : (
        <section
          aria-labelledby="class-pupils"
          className="min-w-0 rounded-2xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5"
        >
          <h2 id="class-pupils" className="text-lg font-semibold">
            Pupils, highest attendance first
          </h2>
          <p className="mt-1 text-slate-600">
            {page.group}: <span className="font-semibold text-slate-900">{pct(page.classFigure.percentage)}</span>,{' '}
            {differenceInWords(diff, pct(page.average.percentage))}, {count.format(page.pupils.length)}{' '}
            {page.pupils.length === 1 ? 'pupil' : 'pupils'}.
          </p>
          {page.pupils.length === 0 ? (
            <p className="mt-4 rounded-xl border border-dashed border-slate-300 bg-slate-50 px-4 py-5 text-center text-slate-600">
              No pupil of {page.group} matches the filters.
            </p>
          ) : (
            <ol className="mt-3 divide-y divide-slate-200 rounded-xl border border-slate-200">
              {page.pupils.map((p) => (
                <li key={p.id}>
                  <Link
                    href={`/students/${p.id}/attendance${yearParam}`}
                    className="flex min-h-11 items-center justify-between gap-3 px-3 py-2 hover:bg-brand-50"
                  >
                    <span className="min-w-0 truncate font-medium text-brand-800 underline underline-offset-2">
                      {p.name}
                    </span>
                    <span className="shrink-0 text-right">
                      <span className="block font-semibold tabular-nums">{pct(p.percentage)}</span>
                      <span className="block text-sm text-slate-600 tabular-nums">
                        {p.possible === 0 ? 'no marks' : `${count.format(p.possible)} sessions`}
                      </span>
                    </span>
                  </Link>
                </li>
              ))}
            </ol>
          )}
        </section>
      )}
    </div>
  );
}

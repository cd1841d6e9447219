import {
  formatPercentage,
  MARK_CATEGORY_CLASSES,
  MARK_CATEGORY_LABELS,
  MARK_CATEGORY_ORDER,
  type CalendarMonth,
  type SessionMark,
  type TrendPoint,
} from '@/lib/attendance';
import Link from 'next/link';
import { getProfileAttendance, type ProfileAttendance } from '@/lib/profile';
import { Card, Empty, formatDay } from '../_components/card';
import { ElevatePrompt } from '../_components/elevate-prompt';
import { loadProfileTab, type ProfileParams } from '../_components/load';
import { ProfileFrame } from '../_components/profile-frame';
import { MarkInspector } from './mark-inspector';

export const metadata = { title: 'Pupil attendance' };

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function dayName(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d, 12)),
  );
}

function monthName(key: string): string {
  const [y, m] = key.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, 15)),
  );
}

function Stat({
  label,
  value,
  detail,
  tone = 'plain',
}: {
  label: string;
  value: string;
  detail: string;
  tone?: 'plain' | 'good' | 'warn';
}) {
  const colour = tone === 'good' ? 'text-emerald-800' : tone === 'warn' ? 'text-rose-800' : 'text-slate-900';
  return (
    <div className="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm">
      <p className="text-sm text-slate-600">{label}</p>
      <p className={`mt-1 text-2xl font-semibold tracking-tight sm:text-3xl ${colour}`}>{value}</p>
      <p className="mt-0.5 text-sm text-slate-600">{detail}</p>
    </div>
  );
}

const sessions = (n: number) => (n === 1 ? '1 session' : `${n} sessions`);

function Trend({ points }: { points: TrendPoint[] }) {
  if (points.length === 0) return null;
  return (
    <Card
      title="Trend"
      id="trend-heading"
      actions={<span className="text-sm text-slate-600">Compared with this year</span>}
    >
      <ul className="grid gap-3 sm:grid-cols-3">
        {points.map((p) => {
          const pct = p.summary.percentage;
          const change = p.change === null ? null : Math.round(p.change * 10) / 10;
          const direction = change === null || change === 0 ? 'level' : change > 0 ? 'up' : 'down';
          return (
            <li key={p.days} className="rounded-xl border border-slate-200 p-3">
              <p className="text-sm text-slate-600">Last {p.days} days</p>
              <p className="mt-0.5 flex items-baseline gap-2">
                <span className="text-xl font-semibold">{formatPercentage(pct)}</span>
                {change === null ? null : (
                  <span
                    className={`text-sm font-medium ${direction === 'down' ? 'text-rose-800' : direction === 'up' ? 'text-emerald-800' : 'text-slate-600'}`}
                  >
                    <span aria-hidden="true">{direction === 'down' ? '▼' : direction === 'up' ? '▲' : '■'} </span>
                    {direction === 'level'
                      ? 'level'
                      : `${Math.abs(change).toFixed(1)} points ${direction === 'up' ? 'better' : 'worse'}`}
                  </span>
                )}
              </p>
              <div className="mt-2 h-2 overflow-hidden rounded-full bg-slate-100" aria-hidden="true">
                <div className="h-full rounded-full bg-brand-600" style={{ width: `${pct ?? 0}%` }} />
              </div>
              <p className="mt-1 text-xs text-slate-600">
                {sessions(p.summary.possible)} since {formatDay(p.from)}
              </p>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}

function SessionCell({ date, half, mark }: { date: string; half: 'AM' | 'PM'; mark: SessionMark | null }) {
  const when = `${dayName(date)}, ${half === 'AM' ? 'morning' : 'afternoon'}`;
  if (!mark) {
    return (
      <span
        className="flex h-7 items-center justify-center rounded-md bg-white text-xs text-slate-400 ring-1 ring-slate-200"
        title={`${when}: no mark`}
      >
        <span className="sr-only">{when}: no mark</span>
        <span aria-hidden="true">·</span>
      </span>
    );
  }
  const text = `${when}: ${mark.code} — ${mark.description} (${MARK_CATEGORY_LABELS[mark.category]})`;
  return (
    <button
      type="button"
      data-mark={text}
      title={text}
      aria-label={text}
      className={`flex h-7 w-full items-center justify-center rounded-md font-mono text-xs font-semibold ring-1 ring-inset ${MARK_CATEGORY_CLASSES[mark.category]} ${mark.category === 'unknown' ? 'ring-dashed' : ''}`}
    >
      {mark.code}
    </button>
  );
}

function Month({ month }: { month: CalendarMonth }) {
  const cols = month.columns === 7 ? 'grid-cols-7' : 'grid-cols-5';
  return (
    <section aria-label={monthName(month.key)} className="min-w-0">
      <h3 className="mb-2 font-semibold text-slate-800">{monthName(month.key)}</h3>
      <div className={`grid ${cols} gap-1.5`}>
        {WEEKDAYS.slice(0, month.columns).map((d) => (
          <span key={d} aria-hidden="true" className="text-center text-xs font-medium text-slate-500">
            {d}
          </span>
        ))}
        {month.weeks.flatMap((week, w) =>
          week.map((day, i) =>
            day ? (
              <div key={day.date} className="rounded-lg border border-slate-100 bg-slate-50/60 p-1">
                <span className="block text-center text-[11px] leading-4 text-slate-600">{day.dayOfMonth}</span>
                <div className="mt-0.5 grid grid-cols-2 gap-0.5">
                  <SessionCell date={day.date} half="AM" mark={day.am} />
                  <SessionCell date={day.date} half="PM" mark={day.pm} />
                </div>
              </div>
            ) : (
              <span key={`${month.key}-${w}-${i}`} aria-hidden="true" />
            ),
          ),
        )}
      </div>
    </section>
  );
}

function Legend({ codes }: { codes: SessionMark[] }) {
  return (
    <div className="space-y-3">
      <ul className="flex flex-wrap gap-x-4 gap-y-2 text-sm" aria-label="Colours">
        {MARK_CATEGORY_ORDER.map((c) => (
          <li key={c} className="flex items-center gap-2">
            <span aria-hidden="true" className={`h-4 w-4 rounded ring-1 ring-inset ${MARK_CATEGORY_CLASSES[c]}`} />
            {MARK_CATEGORY_LABELS[c]}
          </li>
        ))}
      </ul>
      {codes.length > 0 ? (
        <details className="text-sm">
          <summary className="cursor-pointer font-medium text-brand-800">What the codes in this calendar mean</summary>
          <dl className="mt-2 grid grid-cols-[3rem_1fr] gap-x-3 gap-y-1">
            {codes.map((c) => (
              <div key={`${c.code}|${c.description}`} className="contents">
                <dt className="font-mono font-semibold">{c.code}</dt>
                <dd className="text-slate-700">
                  {c.description} <span className="text-slate-500">({MARK_CATEGORY_LABELS[c.category]})</span>
                </dd>
              </div>
            ))}
          </dl>
        </details>
      ) : null}
    </div>
  );
}

/** The school years this pupil has marks in: links, so it works without JavaScript and each year can be bookmarked. */
function YearPicker({ a, studentId }: { a: ProfileAttendance; studentId: string }) {
  if (a.years.length < 2) return null;
  return (
    <nav aria-label="School year" className="flex flex-wrap items-center gap-2">
      <span className="text-sm font-medium text-slate-700">School year</span>
      {a.years.map((y, i) => {
        const active = y.startsOn === a.yearStart;
        const href = `/students/${studentId}/attendance${i === 0 ? '' : `?year=${y.startsOn}`}`;
        return (
          <Link
            key={y.startsOn}
            href={href}
            aria-current={active ? 'page' : undefined}
            className={`rounded-full px-3 py-1.5 text-sm font-medium ring-1 ring-inset ${active ? 'bg-brand-700 text-white ring-brand-700' : 'bg-white text-brand-800 ring-slate-300 hover:bg-slate-50'}`}
          >
            {y.name}
          </Link>
        );
      })}
    </nav>
  );
}

function YearLine({ a }: { a: ProfileAttendance }) {
  return (
    <p className="text-sm text-slate-600">
      {a.current ? 'This school year' : 'School year'} ({a.yearName}), from {formatDay(a.yearStart, 'long')} to{' '}
      {formatDay(a.yearEnd, 'long')}.
    </p>
  );
}

function Attendance({ a }: { a: ProfileAttendance }) {
  const pct = a.year.percentage;
  return (
    <div className="space-y-5">
      <YearLine a={a} />
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Stat
          label="Attendance"
          value={formatPercentage(pct)}
          detail={`${a.year.attending} of ${sessions(a.year.possible)}`}
          tone={pct !== null && pct < 90 ? 'warn' : 'plain'}
        />
        <Stat
          label="Authorised absence"
          value={formatPercentage(a.year.authorisedPercentage)}
          detail={sessions(a.year.authorised)}
        />
        <Stat
          label="Unauthorised absence"
          value={formatPercentage(a.year.unauthorisedPercentage)}
          detail={sessions(a.year.unauthorised)}
          tone={a.year.unauthorised > 0 ? 'warn' : 'plain'}
        />
        <Stat label="Not counted" value={String(a.year.notCounted)} detail="sessions, e.g. closures" />
      </div>
      {pct !== null && pct < 90 ? (
        <p role="note" className="rounded-xl border border-rose-200 bg-rose-50 px-4 py-3 text-rose-900">
          Below 90%: this pupil counts as persistently absent.
        </p>
      ) : null}
      <Trend points={a.trend} />
      <Card title="Calendar" id="calendar-heading">
        <Legend codes={a.codes} />
        <MarkInspector>
          <div className="mt-4 grid gap-6 sm:grid-cols-2 xl:grid-cols-3">
            {[...a.calendar].reverse().map((m) => (
              <Month key={m.key} month={m} />
            ))}
          </div>
        </MarkInspector>
      </Card>
    </div>
  );
}

export default async function PupilAttendancePage({
  params,
  searchParams,
}: ProfileParams & { searchParams: Promise<{ year?: string | string[] }> }) {
  const { studentId } = await params;
  const { year } = await searchParams;
  const loaded = await loadProfileTab((ctx, style) =>
    getProfileAttendance(ctx, studentId, style, { year: typeof year === 'string' ? year : undefined }),
  );
  if (loaded.kind === 'elevate') return <ElevatePrompt />;
  const { page, ctx } = loaded;
  const a = page.data;
  return (
    <ProfileFrame header={page.header} current="attendance" timeZone={ctx.school.timeZone}>
      <div className="space-y-5">
        <YearPicker a={a} studentId={page.header.id} />
        {a.empty ? (
          <>
            {a.current ? null : <YearLine a={a} />}
            <Empty>
              {a.current
                ? 'No attendance marks this school year yet. They arrive with the school’s MIS extract.'
                : `No attendance marks in ${a.yearName}.`}
            </Empty>
          </>
        ) : (
          <Attendance a={a} />
        )}
      </div>
    </ProfileFrame>
  );
}

import Link from 'next/link';
import { requireUserCtx } from '@/lib/http';
import {
  listPlannerEvents,
  monthOf,
  monthWeeks,
  onDay,
  plannerAccess,
  plannerDay,
  shiftDay,
  shiftMonth,
  type PlannerEventSummary,
} from '@/lib/planner';
import { dateInZone } from '@/lib/time';
import { EventChip, Key, KIND_STYLE, kindOf, timeLabel } from './_components/event-chip';
import { PlannerGate } from './_components/planner-gate';

export const metadata = { title: 'Planner' };

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const navLink =
  'inline-flex min-h-11 items-center rounded-lg border border-slate-300 bg-white px-3 font-medium text-slate-800 hover:bg-slate-50';

const fmt = (day: string, opts: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat('en-GB', { ...opts, timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`));

export default async function PlannerPage({
  searchParams,
}: {
  searchParams: Promise<{ view?: string; date?: string; deleted?: string }>;
}) {
  const ctx = await requireUserCtx();
  const access = plannerAccess(ctx);
  if (access !== 'allowed') return <PlannerGate access={access} schoolName={ctx.school.name} />;
  const params = await searchParams;
  const today = dateInZone(ctx.school.timeZone);
  const view = params.view === 'day' ? 'day' : 'month';
  const day = plannerDay(params.date, today);
  const weeks = monthWeeks(day);
  const { first, last } = monthOf(day);
  const range = view === 'day' ? { from: day, to: day } : { from: weeks[0]![0]!, to: weeks.at(-1)![6]! };
  const events = await listPlannerEvents(ctx, range.from, range.to);
  const href = (v: string, d: string) => `/planner?view=${v}&date=${d}`;
  const prev = view === 'day' ? shiftDay(day, -1) : shiftMonth(day, -1);
  const next = view === 'day' ? shiftDay(day, 1) : shiftMonth(day, 1);
  const heading = view === 'day' ? fmt(day, { dateStyle: 'full' }) : fmt(day, { month: 'long', year: 'numeric' });

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Planner</h1>
          <p className="mt-1 text-slate-600">Case reviews, follow-ups and reminders. Times are the school’s.</p>
        </div>
        <Link
          href={`/planner/new?date=${day}`}
          className="inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 font-medium text-white hover:bg-brand-700"
        >
          New event
        </Link>
      </div>
      {params.deleted ? (
        <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
          Event deleted.
        </p>
      ) : null}
      <nav aria-label="Planner dates" className="flex flex-wrap items-center gap-2">
        <Link href={href(view, prev)} className={navLink}>
          <span aria-hidden="true">‹&nbsp;</span>
          {view === 'day' ? 'Previous day' : 'Previous month'}
        </Link>
        <Link href={href(view, today)} className={navLink}>
          Today
        </Link>
        <Link href={href(view, next)} className={navLink}>
          {view === 'day' ? 'Next day' : 'Next month'}
          <span aria-hidden="true">&nbsp;›</span>
        </Link>
        <span className="mx-1 hidden h-6 w-px bg-slate-300 sm:inline-block" aria-hidden="true" />
        <Link
          href={href('month', day)}
          aria-current={view === 'month' ? 'page' : undefined}
          className={`${navLink} aria-[current=page]:bg-slate-800 aria-[current=page]:text-white`}
        >
          Month
        </Link>
        <Link
          href={href('day', day)}
          aria-current={view === 'day' ? 'page' : undefined}
          className={`${navLink} aria-[current=page]:bg-slate-800 aria-[current=page]:text-white`}
        >
          Day
        </Link>
      </nav>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-xl font-semibold">{heading}</h2>
        <Key />
      </div>
      {view === 'day' ? (
        <DayTimeline day={day} events={onDay(events, day)} />
      ) : (
        <>
          <MonthGrid weeks={weeks} events={events} first={first} last={last} today={today} />
          <Agenda events={events} first={first} last={last} today={today} />
        </>
      )}
    </div>
  );
}

/** The familiar month layout, from a small tablet up. */
function MonthGrid({
  weeks,
  events,
  first,
  last,
  today,
}: {
  weeks: string[][];
  events: PlannerEventSummary[];
  first: string;
  last: string;
  today: string;
}) {
  return (
    <table className="hidden w-full table-fixed border-collapse overflow-hidden rounded-xl bg-white shadow-sm sm:table">
      <caption className="sr-only">Events this month, week by week</caption>
      <thead>
        <tr>
          {WEEKDAYS.map((d) => (
            <th
              key={d}
              scope="col"
              className="border border-slate-200 bg-slate-50 px-2 py-1.5 text-left text-sm font-medium text-slate-700"
            >
              {d}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week) => (
          <tr key={week[0]}>
            {week.map((d) => {
              const inMonth = d >= first && d <= last;
              const list = onDay(events, d);
              return (
                <td key={d} className={`h-28 border border-slate-200 p-1 align-top ${inMonth ? '' : 'bg-slate-50'}`}>
                  <Link
                    href={`/planner?view=day&date=${d}`}
                    aria-label={`${fmt(d, { dateStyle: 'full' })}${list.length ? `, ${list.length} event${list.length > 1 ? 's' : ''}` : ''}`}
                    aria-current={d === today ? 'date' : undefined}
                    className={`inline-flex h-7 min-w-7 items-center justify-center rounded-full px-1 text-sm ${
                      d === today
                        ? 'bg-brand-600 font-semibold text-white'
                        : inMonth
                          ? 'text-slate-800'
                          : 'text-slate-500'
                    } hover:underline`}
                  >
                    {Number(d.slice(8))}
                  </Link>
                  <ul className="mt-1 space-y-1">
                    {list.slice(0, 3).map((e) => (
                      <li key={e.id}>
                        <EventChip e={e} day={d} compact />
                      </li>
                    ))}
                    {list.length > 3 ? (
                      <li>
                        <Link href={`/planner?view=day&date=${d}`} className="text-sm text-brand-700 underline">
                          {list.length - 3} more
                        </Link>
                      </li>
                    ) : null}
                  </ul>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The month on a phone: the days that have events, as a list. */
function Agenda({
  events,
  first,
  last,
  today,
}: {
  events: PlannerEventSummary[];
  first: string;
  last: string;
  today: string;
}) {
  const days: string[] = [];
  for (let d = first; d <= last; d = shiftDay(d, 1)) if (onDay(events, d).length > 0) days.push(d);
  return (
    <div className="sm:hidden">
      {days.length === 0 ? <p className="text-slate-600">No events this month.</p> : null}
      <ol className="space-y-3" aria-label="Events this month">
        {days.map((d) => (
          <li key={d} className="rounded-xl border border-slate-200 bg-white p-3 shadow-sm">
            <h3 className="font-semibold">
              <Link href={`/planner?view=day&date=${d}`} className="hover:underline">
                {fmt(d, { weekday: 'long', day: 'numeric', month: 'long' })}
              </Link>
              {d === today ? <span className="ml-2 text-sm font-normal text-brand-700">Today</span> : null}
            </h3>
            <ul className="mt-2 space-y-1.5">
              {onDay(events, d).map((e) => (
                <li key={e.id}>
                  <EventChip e={e} day={d} />
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </div>
  );
}

/** A day as a timeline: all-day events first, then each hour with what starts in it. */
function DayTimeline({ day, events }: { day: string; events: PlannerEventSummary[] }) {
  const allDay = events.filter((e) => e.allDay);
  const timed = events.filter((e) => !e.allDay);
  const hourOf = (e: PlannerEventSummary) => (e.firstDay < day ? 0 : Number(e.startWall.slice(11, 13)));
  const busy = timed.map(hourOf);
  // Working hours always show; an event outside them stretches the timeline to it.
  const from = Math.min(7, ...busy);
  const to = Math.max(18, ...busy);
  const hours = Array.from({ length: to - from + 1 }, (_, i) => from + i);
  return (
    <div className="space-y-3">
      {allDay.length > 0 ? (
        <ul aria-label="All day" className="space-y-1 rounded-xl border border-slate-200 bg-white p-3">
          {allDay.map((e) => (
            <li key={e.id}>
              <EventChip e={e} day={day} />
            </li>
          ))}
        </ul>
      ) : null}
      <ol aria-label="Timeline" className="overflow-hidden rounded-xl border border-slate-200 bg-white">
        {hours.map((h) => {
          const starting = timed.filter((e) => hourOf(e) === h);
          return (
            <li key={h} className="flex min-h-14 border-t border-slate-100 first:border-t-0">
              <span className="w-16 shrink-0 px-2 py-1.5 text-right text-sm text-slate-600">{`${String(h).padStart(2, '0')}:00`}</span>
              <ul className="min-w-0 flex-1 space-y-1 border-l border-slate-200 p-1">
                {starting.map((e) => (
                  <li key={e.id}>
                    <Link
                      href={`/planner/${e.id}`}
                      className={`block rounded-md px-2 py-1.5 hover:underline ${KIND_STYLE[kindOf(e)]}`}
                    >
                      <span className="font-medium">{timeLabel(e, day)}</span> {e.title}
                      <span className="sr-only"> ({kindOf(e)} event)</span>
                    </Link>
                  </li>
                ))}
              </ul>
            </li>
          );
        })}
      </ol>
      {events.length === 0 ? <p className="text-slate-600">Nothing planned for this day.</p> : null}
    </div>
  );
}

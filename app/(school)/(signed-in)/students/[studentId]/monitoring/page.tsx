import { addDays } from '@/lib/attendance';
import type { MonitoringPeriodView } from '@/lib/monitoring';
import { getProfileMonitoringHistory } from '@/lib/profile';
import { Card, Empty, formatDay } from '../_components/card';
import { ElevatePrompt } from '../_components/elevate-prompt';
import { loadProfileTab, type ProfileParams } from '../_components/load';
import { Lozenge } from '../_components/lozenge';
import { ProfileFrame } from '../_components/profile-frame';

export const metadata = { title: 'Monitoring history' };

const dayNumber = (iso: string) =>
  Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;

/** Month starts between two dates, at most `max` of them, for the timeline's axis. */
function monthTicks(from: string, to: string, max = 6): string[] {
  const ticks: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7)) + 1;
  for (;;) {
    if (m > 12) {
      m = 1;
      y += 1;
    }
    const iso = `${y}-${String(m).padStart(2, '0')}-01`;
    if (iso > to) break;
    ticks.push(iso);
    m += 1;
  }
  const step = Math.ceil(ticks.length / max);
  return ticks.filter((_, i) => i % step === 0);
}

function monthLabel(iso: string): string {
  const [y, m] = iso.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat('en-GB', { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, 15)),
  );
}

/** One row per category, a bar per period, from the first start to today. Drawn on the server: nothing to interact with. */
function Timeline({ periods, today }: { periods: MonitoringPeriodView[]; today: string }) {
  const first = periods.reduce((min, p) => (p.startedOn < min ? p.startedOn : min), today);
  // At least a month wide, so a period started today is still a visible bar.
  const from = dayNumber(first) > dayNumber(today) - 30 ? addDays(today, -30) : first;
  const span = dayNumber(today) - dayNumber(from) + 1;
  const pos = (iso: string) => ((dayNumber(iso) - dayNumber(from)) / span) * 100;
  const rows = new Map<string, MonitoringPeriodView[]>();
  for (const p of [...periods].reverse())
    rows.set(p.category.categoryId, [...(rows.get(p.category.categoryId) ?? []), p]);
  return (
    <div aria-hidden="true" className="space-y-2">
      {[...rows.values()].map((list) => {
        const c = list[0]!.category;
        return (
          <div key={c.categoryId} className="grid grid-cols-[6rem_1fr] items-center gap-3 sm:grid-cols-[10rem_1fr]">
            <span className="truncate text-sm font-medium text-slate-800">{c.name}</span>
            <div className="relative h-6 rounded-md bg-slate-100">
              {list.map((p) => {
                const left = pos(p.startedOn);
                const right = pos(addDays(p.endedOn ?? today, 1));
                return (
                  <span
                    key={p.id}
                    title={`${c.name}: ${formatDay(p.startedOn)} – ${p.endedOn ? formatDay(p.endedOn) : 'ongoing'}`}
                    className={`absolute inset-y-0 rounded-md ring-1 ring-black/10 ${p.endedOn ? 'opacity-70' : ''}`}
                    style={{ left: `${left}%`, width: `${Math.max(right - left, 1.5)}%`, backgroundColor: c.colour }}
                  />
                );
              })}
            </div>
          </div>
        );
      })}
      <div className="grid grid-cols-[6rem_1fr] gap-3 sm:grid-cols-[10rem_1fr]">
        <span />
        <div className="relative h-5 text-xs text-slate-500">
          {monthTicks(from, today).map((t, i) => (
            // Every other tick only on a narrow screen, so labels never overlap.
            <span
              key={t}
              className={`absolute -translate-x-1/2 whitespace-nowrap ${i % 2 ? 'hidden sm:block' : ''}`}
              style={{ left: `${pos(t)}%` }}
            >
              {monthLabel(t)}
            </span>
          ))}
        </div>
      </div>
    </div>
  );
}

/** On a phone each period is a short card; from a small tablet up, a table. */
function HistoryCards({ periods }: { periods: MonitoringPeriodView[] }) {
  return (
    <ul className="-mx-4 divide-y divide-slate-100 border-t border-slate-100 sm:hidden">
      {periods.map((p) => (
        <li key={p.id} className="px-4 py-3">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <Lozenge category={p.category} size="sm" />
            {p.endedOn ? null : <span className="text-sm font-medium text-emerald-800">Ongoing</span>}
          </div>
          <dl className="mt-2 grid grid-cols-[4.5rem_1fr] gap-x-3 gap-y-0.5 text-sm">
            <dt className="text-slate-600">Started</dt>
            <dd>
              {formatDay(p.startedOn)} · {p.startedBy}
            </dd>
            {p.endedOn ? (
              <>
                <dt className="text-slate-600">Ended</dt>
                <dd>
                  {formatDay(p.endedOn)} · {p.endedBy}
                </dd>
              </>
            ) : null}
          </dl>
        </li>
      ))}
    </ul>
  );
}

function HistoryTable({ periods }: { periods: MonitoringPeriodView[] }) {
  return (
    <div
      role="region"
      aria-label="Monitoring periods"
      tabIndex={0}
      className="-mx-4 hidden overflow-x-auto sm:-mx-5 sm:block"
    >
      <table className="w-full min-w-[36rem] text-left text-sm">
        <caption className="sr-only">Monitoring periods, newest first</caption>
        <thead className="border-y border-slate-200 bg-slate-50 text-slate-700">
          <tr>
            <th scope="col" className="px-4 py-2 font-semibold sm:px-5">
              Category
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              Started
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              Ended
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              Started by
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              Ended by
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {periods.map((p) => (
            <tr key={p.id}>
              <td className="px-4 py-2 sm:px-5">
                <Lozenge category={p.category} size="sm" />
                {p.category.parentName ? (
                  <span className="ml-1 text-xs text-slate-500">in {p.category.parentName}</span>
                ) : null}
              </td>
              <td className="px-3 py-2 whitespace-nowrap">{formatDay(p.startedOn)}</td>
              <td className="px-3 py-2 whitespace-nowrap">
                {p.endedOn ? formatDay(p.endedOn) : <span className="font-medium text-emerald-800">Ongoing</span>}
              </td>
              <td className="px-3 py-2">{p.startedBy}</td>
              <td className="px-3 py-2">{p.endedBy ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default async function MonitoringHistoryPage({ params }: ProfileParams) {
  const { studentId } = await params;
  const loaded = await loadProfileTab((ctx, style) => getProfileMonitoringHistory(ctx, studentId, style));
  if (loaded.kind === 'elevate') return <ElevatePrompt />;
  const { page, ctx } = loaded;
  const { periods, today } = page.data;
  return (
    <ProfileFrame header={page.header} current="monitoring" timeZone={ctx.school.timeZone}>
      {periods.length === 0 ? (
        <Empty>This pupil has not been monitored in any category you can see.</Empty>
      ) : (
        <div className="space-y-5">
          <Card title="Timeline" id="timeline-heading">
            <Timeline periods={periods} today={today} />
          </Card>
          <Card title="Periods" id="periods-heading">
            <HistoryCards periods={periods} />
            <HistoryTable periods={periods} />
          </Card>
        </div>
      )}
    </ProfileFrame>
  );
}

import Link from 'next/link';
import { notFound } from 'next/navigation';
import { NotFoundError } from '@/lib/errors';
import { getNameStyle, requireUserCtx } from '@/lib/http';
import { getPlannerEvent, plannerAccess, type PlannerEventDetail } from '@/lib/planner';
import { deletePlannerEventAction } from '../actions';
import { KIND_STYLE, kindOf } from '../_components/event-chip';
import { PlannerGate } from '../_components/planner-gate';

export const metadata = { title: 'Event · Planner' };

const dayFmt = (day: string) =>
  new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`));

function whenText(e: PlannerEventDetail): string {
  if (e.allDay)
    return e.firstDay === e.lastDay
      ? `${dayFmt(e.firstDay)}, all day`
      : `${dayFmt(e.firstDay)} to ${dayFmt(e.lastDay)}, all day`;
  const start = `${dayFmt(e.startWall.slice(0, 10))}, ${e.startWall.slice(11)}`;
  if (e.endWall === e.startWall) return start;
  return e.endWall.slice(0, 10) === e.startWall.slice(0, 10)
    ? `${start}–${e.endWall.slice(11)}`
    : `${start} to ${dayFmt(e.endWall.slice(0, 10))}, ${e.endWall.slice(11)}`;
}

function reminderText(e: PlannerEventDetail): string {
  if (e.reminder === 'none') return 'No reminder';
  if (e.reminder === 'at' && e.reminderAtWall)
    return `At ${dayFmt(e.reminderAtWall.slice(0, 10))}, ${e.reminderAtWall.slice(11)}`;
  const unit = e.reminderAmount === 1 ? e.reminderUnit?.replace(/s$/, '') : e.reminderUnit;
  return `${e.reminderAmount} ${unit} before`;
}

export default async function PlannerEventPage({
  params,
  searchParams,
}: {
  params: Promise<{ eventId: string }>;
  searchParams: Promise<{ saved?: string }>;
}) {
  const ctx = await requireUserCtx();
  const access = plannerAccess(ctx);
  if (access !== 'allowed') return <PlannerGate access={access} schoolName={ctx.school.name} />;
  const { eventId } = await params;
  const { saved } = await searchParams;
  let e: PlannerEventDetail;
  try {
    e = await getPlannerEvent(ctx, eventId, await getNameStyle(ctx));
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
  const kind = kindOf(e);
  return (
    <div className="mx-auto max-w-2xl space-y-5">
      <Link href={`/planner?view=day&date=${e.firstDay}`} className="text-brand-700 underline underline-offset-2">
        ‹ Planner
      </Link>
      {saved ? (
        <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
          Event saved.
        </p>
      ) : null}
      <article className={`space-y-4 rounded-2xl bg-white p-4 shadow-sm sm:p-6 ${KIND_STYLE[kind]}`}>
        <div>
          <p className="text-sm font-medium">{kind === 'public' ? 'Public event' : 'Personal event'}</p>
          <h1 className="text-2xl font-semibold tracking-tight break-words">{e.title}</h1>
          <p className="mt-1 text-slate-800">{whenText(e)}</p>
        </div>
        <dl className="grid gap-x-4 gap-y-2 text-slate-800 sm:grid-cols-[10rem_1fr]">
          {e.notes ? (
            <>
              <dt className="font-medium">Notes</dt>
              <dd className="whitespace-pre-wrap break-words">{e.notes}</dd>
            </>
          ) : null}
          <dt className="font-medium">Pupils</dt>
          <dd>
            {e.pupils.length === 0 ? (
              'None'
            ) : (
              <ul className="space-y-1">
                {e.pupils.map((p) =>
                  p.name ? (
                    <li key={p.id} className="flex flex-wrap items-center gap-x-3">
                      <Link href={`/students/${p.id}`} className="text-brand-800 underline underline-offset-2">
                        {p.name}
                      </Link>
                      {p.mayRunReport ? (
                        <Link
                          href={`/students/${p.id}/report`}
                          aria-label={`Run report: ${p.name}`}
                          className="inline-flex min-h-11 items-center text-sm text-brand-800 underline underline-offset-2"
                        >
                          Run report
                        </Link>
                      ) : null}
                    </li>
                  ) : (
                    <li key={p.id}>A pupil outside your access</li>
                  ),
                )}
              </ul>
            )}
          </dd>
          {e.incidentId ? (
            <>
              <dt className="font-medium">Record</dt>
              <dd>
                <Link href={`/incidents/${e.incidentId}`} className="text-brand-800 underline underline-offset-2">
                  {e.incidentNumber ? `Incident #${e.incidentNumber}` : 'The incident'}
                  {e.actionId ? ' (an action on it)' : ''}
                </Link>
              </dd>
            </>
          ) : null}
          {e.aboutPath ? (
            <>
              <dt className="font-medium">About</dt>
              <dd>
                <Link href={e.aboutPath} className="break-all text-brand-800 underline underline-offset-2">
                  {e.aboutPath}
                </Link>
              </dd>
            </>
          ) : null}
          <dt className="font-medium">Shared with</dt>
          <dd>{e.sharedWith.length === 0 ? 'Nobody' : e.sharedWith.map((s) => s.name).join(', ')}</dd>
          <dt className="font-medium">Reminder</dt>
          <dd>{reminderText(e)}</dd>
          <dt className="font-medium">Created by</dt>
          <dd>{e.createdByName}</dd>
        </dl>
      </article>
      {e.mayEdit ? (
        <div className="flex flex-wrap items-start gap-3">
          <Link
            href={`/planner/${e.id}/edit`}
            className="inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 font-medium text-white hover:bg-brand-700"
          >
            Edit or move
          </Link>
          <details>
            <summary className="inline-flex min-h-11 cursor-pointer items-center rounded-lg border border-rose-300 bg-white px-4 font-medium text-rose-800">
              Delete…
            </summary>
            <form action={deletePlannerEventAction} className="mt-2 space-y-2">
              <input type="hidden" name="eventId" value={e.id} />
              <p className="text-sm text-slate-700">Delete this event and its reminders for everyone?</p>
              <button
                type="submit"
                className="inline-flex min-h-11 items-center rounded-lg bg-rose-700 px-4 font-medium text-white hover:bg-rose-800"
              >
                Delete event
              </button>
            </form>
          </details>
        </div>
      ) : null}
    </div>
  );
}

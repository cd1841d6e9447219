import Link from 'next/link';
import { dismissReminderAction } from '@/app/(school)/(signed-in)/planner/actions';
import type { PlannerReminderItem } from '@/lib/alerts';

const dayTime = (wall: string, allDay: boolean) => {
  const day = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${wall.slice(0, 10)}T12:00:00Z`),
  );
  return allDay ? `${day}, all day` : `${day}, ${wall.slice(11)}`;
};

/** The planner reminders the job has sent to the person, until dismissed; hidden when there are none. */
export function PlannerReminders({ reminders }: { reminders: PlannerReminderItem[] }) {
  if (reminders.length === 0) return null;
  return (
    <section
      aria-labelledby="reminders-heading"
      className="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5 lg:col-span-2"
    >
      <h2 id="reminders-heading" className="text-lg font-semibold">
        Reminders <span className="font-normal text-slate-600">({reminders.length})</span>
      </h2>
      <ul className="mt-3 divide-y divide-slate-100" aria-label="Your reminders">
        {reminders.map((r) => (
          <li key={r.id} className="flex flex-wrap items-center gap-x-4 gap-y-2 py-3">
            <div className="min-w-0 flex-1">
              {r.event ? (
                <>
                  <p className="font-medium break-words">{r.event.title}</p>
                  <p className="text-sm text-slate-600">{dayTime(r.event.startWall, r.event.allDay)}</p>
                </>
              ) : (
                <p className="font-medium">You have a planner reminder. Use your key to see it.</p>
              )}
            </div>
            <div className="flex gap-2">
              {r.event ? (
                <Link
                  href={`/planner/${r.event.id}`}
                  className="inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 font-medium text-white hover:bg-brand-700"
                >
                  Open event
                </Link>
              ) : null}
              <form action={dismissReminderAction}>
                <input type="hidden" name="reminderId" value={r.id} />
                <button
                  type="submit"
                  className="min-h-11 rounded-lg border border-slate-300 bg-white px-3 font-medium text-slate-800 hover:bg-slate-50"
                >
                  Dismiss
                </button>
              </form>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

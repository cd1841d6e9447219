import Link from 'next/link';
import { listMyAlerts, listMyDocumentAlerts, listMyLibraryAlerts, listMyPlannerReminders } from '@/lib/alerts';
import { myAssigned, myHistory } from '@/lib/incidents';
import { getNameStyle } from '@/lib/http';
import type { UserCtx } from '@/lib/tenancy';
import { CategoryTags } from './category-tags';
import { PlannerReminders } from './planner-reminders';
import { markAlertReadAction } from '@/app/(school)/(signed-in)/incidents/[incidentId]/actions';
import { DocumentAlertRow } from '@/app/(school)/(signed-in)/students/[studentId]/documents/document-alert-row';
import { LibraryAlertRow } from '@/app/(school)/(signed-in)/library/_components/library-alert-row';

const card = 'rounded-2xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5';

/**
 * The records part of the dashboard, for everyone: my alerts (with "Mark as
 * read"; library files with "Mark as read and understood"), incidents
 * assigned to me (key holders), and what I recorded in the last 7 days
 * (titles only unless I may read them).
 */
export async function DashboardRecords({ ctx }: { ctx: UserCtx }) {
  const style = await getNameStyle(ctx);
  const [alerts, documentAlerts, libraryAlerts, assigned, history, reminders] = await Promise.all([
    listMyAlerts(ctx, style),
    listMyDocumentAlerts(ctx, style),
    listMyLibraryAlerts(ctx),
    myAssigned(ctx, style),
    myHistory(ctx, style),
    listMyPlannerReminders(ctx),
  ]);
  const when = new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: ctx.school.timeZone,
  });
  const alertCount = alerts.length + documentAlerts.length + libraryAlerts.length;
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <PlannerReminders reminders={reminders} />
      <section aria-labelledby="alerts-heading" className={`${card} lg:col-span-2`}>
        <h2 id="alerts-heading" className="text-lg font-semibold">
          Alerts <span className="font-normal text-slate-600">({alertCount})</span>
        </h2>
        {alertCount === 0 ? (
          <p className="mt-2 text-slate-600">No alerts waiting for you.</p>
        ) : (
          <ul className="mt-3 divide-y divide-slate-100" aria-label="Your alerts">
            {alerts.map((a) => (
              <li key={a.id} className="flex flex-wrap items-center gap-x-4 gap-y-2 py-3">
                <div className="min-w-0 flex-1">
                  <p className="font-medium">
                    {a.studentName} <span className="font-normal text-slate-600">· incident #{a.incidentNumber}</span>
                  </p>
                  <p className="text-sm text-slate-600">
                    {a.raisedBy ?? 'Someone'} · {when.format(a.at)}
                  </p>
                  <CategoryTags categories={a.categories} as="div" />
                </div>
                <div className="flex gap-2">
                  <Link
                    href={`/incidents/${a.incidentId}`}
                    className="inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 font-medium text-white hover:bg-brand-700"
                  >
                    {a.actionId ? 'Action' : 'Incident'}
                  </Link>
                  <form action={markAlertReadAction}>
                    <input type="hidden" name="alertId" value={a.id} />
                    <button
                      type="submit"
                      className="min-h-11 rounded-lg border border-slate-300 bg-white px-3 font-medium text-slate-800 hover:bg-slate-50"
                    >
                      Mark as read
                    </button>
                  </form>
                </div>
              </li>
            ))}
            {documentAlerts.map((a) => (
              <DocumentAlertRow key={a.id} alert={a} when={when.format(a.at)} />
            ))}
            {libraryAlerts.map((a) => (
              <LibraryAlertRow key={`library-${a.documentId}`} alert={a} when={when.format(a.alertedAt)} />
            ))}
          </ul>
        )}
      </section>
      {assigned ? (
        <section aria-labelledby="assigned-heading" className={card}>
          <h2 id="assigned-heading" className="text-lg font-semibold">
            My assigned <span className="font-normal text-slate-600">({assigned.length})</span>
          </h2>
          {assigned.length === 0 ? (
            <p className="mt-2 text-slate-600">Nothing open is assigned to you.</p>
          ) : (
            <ul className="mt-3 space-y-2">
              {assigned.map((i) => (
                <li key={i.id}>
                  <Link href={`/incidents/${i.id}`} className="font-medium text-brand-800 underline underline-offset-2">
                    #{i.number} · {i.studentName}
                  </Link>
                  <span className="text-sm text-slate-600"> · {when.format(i.occurredAt)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
      <section aria-labelledby="history-heading" className={card}>
        <h2 id="history-heading" className="text-lg font-semibold">
          My history <span className="font-normal text-slate-600">(last 7 days)</span>
        </h2>
        {history.length === 0 ? (
          <p className="mt-2 text-slate-600">You have not recorded anything in the last 7 days.</p>
        ) : (
          <ul className="mt-3 space-y-2">
            {history.map((h) => (
              <li key={h.id} className="text-sm">
                {h.readable ? (
                  <Link href={`/incidents/${h.id}`} className="font-medium text-brand-800 underline underline-offset-2">
                    #{h.number} · {h.studentName}
                  </Link>
                ) : (
                  <span className="font-medium">
                    #{h.number} · {h.studentName}
                  </span>
                )}
                <span className="text-slate-600">
                  {' '}
                  · {h.categories.join(', ')} · {when.format(h.createdAt)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

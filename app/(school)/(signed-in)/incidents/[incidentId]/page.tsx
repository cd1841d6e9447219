import Link from 'next/link';
import { plannerAccess } from '@/lib/planner';
import { notFound } from 'next/navigation';
import { DoneMessage } from '@/app/_components/done-message';
import { IncidentCard } from '@/app/_components/incident-card';
import { listSchoolMaps } from '@/lib/maps';
import { IncidentOptions } from '@/app/_components/incident-options';
import { keyStatus } from '@/lib/access';
import { loadAddIncidentForm, linkedTargetsByAction, getIncident } from '@/lib/incidents';
import { ActionOptions } from './forms';
import { actionDraftKey } from '../new/draft';
import { ClearDraft } from '../new/use-draft';
import { restoreActionAction } from './manage-actions';
import { listMyAlerts } from '@/lib/alerts';
import { NotFoundError } from '@/lib/errors';
import { recordFieldLabels } from '@/lib/settings';
import { requireUserCtx, getNameStyle } from '@/lib/http';
import { markAlertReadAction } from './actions';

export const metadata = { title: 'Incident' };

const actionLink =
  'inline-flex min-h-11 items-center rounded-lg px-3 text-sm font-medium text-brand-800 hover:bg-brand-50';

/**
 * One incident: opened from an alert (the way in for staff without a key) or
 * by a key holder. The permission engine decides; anything else is the 404
 * page, exactly like a record that does not exist.
 */
export default async function IncidentPage({
  params,
  searchParams,
}: {
  params: Promise<{ incidentId: string }>;
  searchParams: Promise<{ done?: string }>;
}) {
  const ctx = await requireUserCtx();
  const { incidentId } = await params;
  const style = await getNameStyle(ctx);
  let incident;
  try {
    incident = await getIncident(ctx, incidentId, style);
  } catch (e) {
    if (e instanceof NotFoundError) notFound();
    throw e;
  }
  const alert = (await listMyAlerts(ctx, style)).find((a) => a.incidentId === incident.id);
  const mayEdit = incident.mayEdit;
  const categories = mayEdit ? (await loadAddIncidentForm(ctx, { style })).categories : [];
  const { done } = await searchParams;
  // Actions that could still go on linked pupils' records, for whoever may add actions there.
  const linked = incident.deleted ? {} : await linkedTargetsByAction(ctx, incident.id, style);
  const managed = incident.actions.filter((a) => mayEdit || (linked[a.id]?.length ?? 0) > 0);
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <div>
        <Link href="/" className="text-sm text-brand-700 underline underline-offset-2">
          <span aria-hidden="true">← </span>Dashboard
        </Link>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight">{incident.studentName}</h1>
      </div>
      <DoneMessage done={done} />
      {done === 'action' ? <ClearDraft draftKey={actionDraftKey(ctx.user.id, incident.id)} /> : null}
      {alert ? (
        <section aria-labelledby="alert-heading" className="rounded-2xl border border-amber-300 bg-amber-50 p-4">
          <h2 id="alert-heading" className="font-semibold text-amber-950">
            {alert.raisedBy ?? 'Someone'} alerted you to this incident
          </h2>
          <p className="mt-1 text-sm text-amber-950">
            {keyStatus(ctx.user).inUse
              ? 'Mark the alert as read to take it off your dashboard.'
              : 'You can read this record because of this alert. Once you mark it as read, you will not be able to open it again.'}
          </p>
          <form action={markAlertReadAction} className="mt-3">
            <input type="hidden" name="alertId" value={alert.id} />
            <button
              type="submit"
              className="min-h-11 rounded-lg bg-amber-800 px-4 py-2 font-medium text-white hover:bg-amber-900"
            >
              Mark as read
            </button>
          </form>
        </section>
      ) : null}
      <div>
        <IncidentCard
          incident={incident}
          timeZone={ctx.school.timeZone}
          maps={await listSchoolMaps(ctx)}
          customFields={recordFieldLabels(ctx.school.settings).incidentFields}
          actionFields={recordFieldLabels(ctx.school.settings).actionFields}
          highlighted
        />
        <IncidentOptions incident={incident} mayEdit={mayEdit} mayPlan={plannerAccess(ctx) === 'allowed'} />
      </div>
      {managed.length > 0 ? (
        <section aria-labelledby="actions-heading" className="space-y-3">
          <h2 id="actions-heading" className="text-lg font-semibold">
            Actions
          </h2>
          {managed.map((a) => (
            <div key={a.id} className="rounded-2xl border border-slate-200 bg-white p-4">
              <p className="line-clamp-2 whitespace-pre-wrap text-slate-800">{a.text}</p>
              {a.deleted ? (
                a.deleted.reason.startsWith('Split into incident #') ? (
                  <p className="mt-2 text-sm break-words text-slate-600">{a.deleted.reason}.</p>
                ) : (
                  <form action={restoreActionAction} className="mt-2">
                    <p className="text-sm break-words text-slate-600">Deleted: {a.deleted.reason}</p>
                    <input type="hidden" name="actionId" value={a.id} />
                    <button
                      type="submit"
                      className="min-h-11 rounded-lg px-3 text-sm font-medium text-brand-800 hover:bg-brand-50"
                    >
                      Restore this action
                    </button>
                  </form>
                )
              ) : (
                <>
                  {mayEdit ? (
                    <div className="mt-2 flex flex-wrap gap-1" aria-label="Change this action">
                      <Link href={`/incidents/${incident.id}/actions/${a.id}/edit`} className={actionLink}>
                        Edit action
                      </Link>
                      <Link href={`/incidents/${incident.id}/actions/${a.id}/history`} className={actionLink}>
                        Action history
                      </Link>
                    </div>
                  ) : null}
                  <ActionOptions
                    actionId={a.id}
                    categories={categories}
                    mayEdit={mayEdit}
                    linked={linked[a.id] ?? []}
                    planHref={
                      plannerAccess(ctx) === 'allowed'
                        ? `/planner/new?incident=${incident.id}&action=${a.id}`
                        : undefined
                    }
                  />
                </>
              )}
            </div>
          ))}
        </section>
      ) : null}
    </div>
  );
}

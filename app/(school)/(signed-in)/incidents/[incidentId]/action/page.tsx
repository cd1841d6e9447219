import { IncidentCard } from '@/app/_components/incident-card';
import { listSchoolMaps } from '@/lib/maps';
import { actableLinkedCount, loadAddIncidentForm } from '@/lib/incidents';
import { recordFieldLabels } from '@/lib/settings';
import { plannerAccess } from '@/lib/planner';
import { dateInZone } from '@/lib/time';
import { AddActionForm } from '../add-action-form';
import { IncidentPageHeading } from '../heading';
import { loadIncidentPage, type Params } from '../load';

export const metadata = { title: 'Add action' };

export default async function AddActionPage({ params }: Params) {
  const { incidentId } = await params;
  const { ctx, style, incident } = await loadIncidentPage(incidentId);
  const form = await loadAddIncidentForm(ctx, { style });
  // The copies the option reaches, not every linked pupil shown on the incident: some may be out of this person's reach.
  const linkedCount = await actableLinkedCount(ctx, incident.id);
  return (
    <div className="mx-auto max-w-3xl space-y-5">
      <IncidentPageHeading incident={incident} title="Add action" />
      <details className="rounded-2xl border border-slate-200 bg-slate-50 p-3">
        <summary className="cursor-pointer text-sm font-medium">Show the incident</summary>
        <div className="mt-3">
          <IncidentCard
            incident={incident}
            timeZone={ctx.school.timeZone}
            maps={await listSchoolMaps(ctx)}
            customFields={recordFieldLabels(ctx.school.settings).incidentFields}
            actionFields={recordFieldLabels(ctx.school.settings).actionFields}
          />
        </div>
      </details>
      <section className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm">
        <AddActionForm
          incidentId={incident.id}
          incidentCategoryIds={incident.categories.map((c) => c.id)}
          userId={ctx.user.id}
          form={form}
          linkedCount={linkedCount}
          planner={
            plannerAccess(ctx) === 'allowed'
              ? { day: dateInZone(ctx.school.timeZone), title: `Follow up: incident #${incident.number}` }
              : undefined
          }
        />
      </section>
    </div>
  );
}

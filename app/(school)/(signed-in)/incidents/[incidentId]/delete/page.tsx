import { IncidentCard } from '@/app/_components/incident-card';
import { listSchoolMaps } from '@/lib/maps';
import { recordFieldLabels } from '@/lib/settings';
import { DeleteIncidentForm } from '../forms';
import { IncidentPageHeading } from '../heading';
import { loadIncidentPage, type Params } from '../load';

export const metadata = { title: 'Delete incident' };

export default async function DeleteIncidentPage({ params }: Params) {
  const { incidentId } = await params;
  const { ctx, incident } = await loadIncidentPage(incidentId, 'incident.delete');
  return (
    <div className="mx-auto max-w-3xl space-y-5">
      <IncidentPageHeading incident={incident} title="Delete incident" />
      <p className="text-slate-700">
        The incident disappears for everyone except those who can edit incidents: they see it marked as deleted, with
        your reason, and can restore it.
      </p>
      <IncidentCard
        incident={incident}
        timeZone={ctx.school.timeZone}
        maps={await listSchoolMaps(ctx)}
        customFields={recordFieldLabels(ctx.school.settings).incidentFields}
        actionFields={recordFieldLabels(ctx.school.settings).actionFields}
      />
      <section className="rounded-2xl border border-rose-200 bg-white p-5 shadow-sm">
        <DeleteIncidentForm incidentId={incident.id} />
      </section>
    </div>
  );
}

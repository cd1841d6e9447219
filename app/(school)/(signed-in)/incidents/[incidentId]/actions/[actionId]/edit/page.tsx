import { randomUUID } from 'node:crypto';
import { getActionForEdit } from '@/lib/incidents';
import { instantToZonedWallTime } from '@/lib/time';
import { EditActionForm } from '../../../edit-action-form';
import { IncidentPageHeading, Refused } from '../../../heading';
import { loadIncidentPage, orRefused } from '../../../load';

export const metadata = { title: 'Edit action' };

export default async function EditActionPage({
  params,
}: {
  params: Promise<{ incidentId: string; actionId: string }>;
}) {
  const { incidentId, actionId } = await params;
  const { ctx, incident } = await loadIncidentPage(incidentId);
  const act = await orRefused(getActionForEdit(ctx, incident.id, actionId));
  if ('refused' in act) return <Refused message={act.refused} />;
  return (
    <div className="mx-auto max-w-3xl space-y-5">
      <IncidentPageHeading incident={incident} title="Edit action" />
      <p className="text-slate-700">
        Every earlier version is kept: the action’s “History” shows them with who saved each and when.
      </p>
      <section className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm">
        {/* A key per page load: a double click sends the same one, and the edit is saved once. */}
        <EditActionForm
          action={act}
          submissionKey={randomUUID()}
          now={instantToZonedWallTime(ctx.school.timeZone, new Date())}
        />
      </section>
    </div>
  );
}

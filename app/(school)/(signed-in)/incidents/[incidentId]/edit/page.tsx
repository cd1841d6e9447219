import { randomUUID } from 'node:crypto';
import { listIncidentAttachments, loadAddIncidentForm, ownCategoryIds } from '@/lib/incidents';
import { instantToZonedWallTime } from '@/lib/time';
import { EditIncidentForm } from '../forms';
import { IncidentPageHeading, Refused } from '../heading';
import { loadIncidentPage, orRefused, type Params } from '../load';

export const metadata = { title: 'Edit incident' };

export default async function EditIncidentPage({ params }: Params) {
  const { incidentId } = await params;
  const { ctx, style, incident } = await loadIncidentPage(incidentId);
  const own = await orRefused(ownCategoryIds(ctx, incident.id));
  if (!Array.isArray(own)) return <Refused message={own.refused} />;
  const form = await loadAddIncidentForm(ctx, { style, keptAgencyIds: incident.agencyIds });
  const attachments = await listIncidentAttachments(ctx, incident.id);
  // A category the editor cannot add in is still shown ticked if the incident has it.
  const offered = form.categories;
  return (
    <div className="mx-auto max-w-3xl space-y-5">
      <IncidentPageHeading incident={incident} title="Edit incident" />
      <p className="text-slate-700">
        Every earlier version is kept: “History” shows them with who saved each and when. Pupils you link get a copy of
        the incident on their record, and the people you choose are alerted when you save.
      </p>
      <section className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm">
        <EditIncidentForm
          incident={{
            id: incident.id,
            version: incident.version,
            text: incident.text,
            occurredAt: instantToZonedWallTime(ctx.school.timeZone, incident.occurredAt),
            status: incident.status,
            agencies: incident.otherAgencies,
            agencyIds: incident.agencyIds,
            assigneeId: incident.assigneeId,
            categoryIds: own,
          }}
          categories={offered}
          assignees={form.assignees}
          agencyOptions={form.agencies}
          now={form.now}
          submissionKey={randomUUID()}
          extras={{
            studentId: incident.studentId,
            markers: incident.markers.map(({ mapId, x, y, note }) => ({ mapId, x, y, note })),
            customValues: incident.customFields,
            customFields: form.form.flatMap((f) => (f.kind === 'custom' ? [{ field: f.field, advice: f.advice }] : [])),
            attachments: attachments.map((a) => ({ id: a.id, name: a.name, size: a.size })),
            maxFileMb: form.maxFileMb,
            form: {
              staff: form.staff,
              alertGroups: form.alertGroups,
              categories: form.categories,
              mayPickPupils: form.mayPickPupils,
              maps: form.maps,
            },
          }}
        />
      </section>
    </div>
  );
}

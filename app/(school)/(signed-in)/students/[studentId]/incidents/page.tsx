import Link from 'next/link';
import { DoneMessage } from '@/app/_components/done-message';
import { IncidentCard } from '@/app/_components/incident-card';
import { IncidentOptions } from '@/app/_components/incident-options';
import { customFieldsOf } from '@/lib/incidents/form-definition';
import { getProfileIncidents } from '@/lib/students';
import { Empty } from '../_components/card';
import { ElevatePrompt } from '../_components/elevate-prompt';
import { loadProfileTab, type ProfileParams } from '../_components/load';
import { ProfileFrame } from '../_components/profile-frame';

export const metadata = { title: 'Incidents' };

/**
 * The chronology: incidents this person may see, pinned first, then newest
 * first by when they happened. `?highlight=` marks the one just opened or
 * added; `?parents=1` shows parent categories beside sub-categories.
 */
export default async function IncidentsTab({ params, searchParams }: ProfileParams & { searchParams: Promise<{ highlight?: string; parents?: string; done?: string }> }) {
  const { studentId } = await params;
  const sp = await searchParams;
  const loaded = await loadProfileTab((ctx, style) => getProfileIncidents(ctx, studentId, style));
  if (loaded.kind === 'elevate') return <ElevatePrompt />;
  const { page, ctx } = loaded;
  const showParents = sp.parents === '1';
  const fields = customFieldsOf(ctx.school.settings.incidentForm);
  const base = `/students/${page.header.id}/incidents`;
  return (
    <ProfileFrame header={page.header} current="incidents" timeZone={ctx.school.timeZone}>
      <DoneMessage done={sp.done} />
      {page.data.incidents.length === 0 ? (
        <Empty>No incidents you can see have been recorded for this pupil.</Empty>
      ) : (
        <div className="space-y-4">
          <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
            <p className="text-slate-600">
              {page.data.incidents.length === 1 ? '1 incident' : `${page.data.incidents.length} incidents`}, newest first by when they happened.
            </p>
            <Link href={showParents ? base : `${base}?parents=1`} className="font-medium text-brand-700 underline underline-offset-2">
              {showParents ? 'Hide parent categories' : 'Toggle parent categories'}
            </Link>
          </div>
          <ol className="space-y-4">
            {page.data.incidents.map((incident) => (
              <li key={incident.id}>
                <IncidentCard incident={incident} timeZone={ctx.school.timeZone} customFields={fields} showParents={showParents} highlighted={sp.highlight === incident.id} />
                <IncidentOptions incident={incident} mayEdit={page.data.mayEdit} open />
              </li>
            ))}
          </ol>
        </div>
      )}
    </ProfileFrame>
  );
}

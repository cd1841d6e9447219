import Link from 'next/link';
import { plannerAccess } from '@/lib/planner';
import { z } from 'zod';
import { DoneMessage } from '@/app/_components/done-message';
import { IncidentCard } from '@/app/_components/incident-card';
import { listSchoolMaps } from '@/lib/maps';
import { IncidentOptions } from '@/app/_components/incident-options';
import { actionDraftKey, draftKey } from '@/app/(school)/(signed-in)/incidents/new/draft';
import { ClearDraft } from '@/app/(school)/(signed-in)/incidents/new/use-draft';
import { recordFieldLabels } from '@/lib/settings';
import { CHRONOLOGY_PAGE } from '@/lib/incidents';
import { isUuid } from '@/lib/ids';
import { getProfileIncidents } from '@/lib/profile';
import { Empty } from '../_components/card';
import { ElevatePrompt } from '../_components/elevate-prompt';
import { loadProfileTab, type ProfileParams } from '../_components/load';
import { ProfileFrame } from '../_components/profile-frame';

export const metadata = { title: 'Incidents' };

type Search = { highlight?: string; parents?: string; done?: string; show?: string; actions?: string };

/** How many incidents to show: whole pages only, anything else is the first page. */
const showParam = z.coerce.number().int().min(CHRONOLOGY_PAGE).max(100_000).catch(CHRONOLOGY_PAGE);

/**
 * The chronology: incidents this person may see, pinned first, then newest
 * first by when they happened, the newest fifty at first with "Show older
 * incidents" for the rest. `?highlight=` marks the one just opened or added
 * (and shows it with its actions, however far back); `?parents=1` shows
 * parent categories beside sub-categories; `?actions=all` unfolds every
 * incident's actions.
 */
export default async function IncidentsTab({
  params,
  searchParams,
}: ProfileParams & { searchParams: Promise<Search> }) {
  const { studentId } = await params;
  const sp = await searchParams;
  const highlight = sp.highlight && isUuid(sp.highlight) ? sp.highlight : undefined;
  const range = { show: showParam.parse(sp.show ?? CHRONOLOGY_PAGE), highlight };
  const loaded = await loadProfileTab((ctx, style) => getProfileIncidents(ctx, studentId, style, range));
  if (loaded.kind === 'elevate') return <ElevatePrompt />;
  const { page, ctx } = loaded;
  const showParents = sp.parents === '1';
  const allActions = sp.actions === 'all';
  const { incidentFields: fields, actionFields } = recordFieldLabels(ctx.school.settings);
  const maps = await listSchoolMaps(ctx);
  const base = `/students/${page.header.id}/incidents`;
  const shown = page.data.incidents.length;
  const href = (change: Partial<Record<'parents' | 'actions' | 'show', string | null>>) => {
    const q = new URLSearchParams();
    const next = {
      parents: showParents ? '1' : null,
      actions: allActions ? 'all' : null,
      show: shown > CHRONOLOGY_PAGE ? String(shown) : null,
      ...change,
    };
    for (const [k, v] of Object.entries(next)) if (v) q.set(k, v);
    const text = q.toString();
    return text ? `${base}?${text}` : base;
  };
  return (
    <ProfileFrame header={page.header} current="incidents" timeZone={ctx.school.timeZone}>
      <DoneMessage done={sp.done} />
      {sp.done === 'action' && sp.highlight ? (
        <ClearDraft draftKey={actionDraftKey(ctx.user.id, sp.highlight)} />
      ) : null}
      {sp.done === 'recorded' ? (
        <>
          {/* The add-incident form keeps its draft per pupil, or unscoped when opened from the header. */}
          <ClearDraft draftKey={draftKey('add-incident', ctx.user.id, page.header.id)} />
          <ClearDraft draftKey={draftKey('add-incident', ctx.user.id, 'any')} studentId={page.header.id} />
        </>
      ) : null}
      {page.data.incidents.length === 0 ? (
        <Empty>No incidents you can see have been recorded for this pupil.</Empty>
      ) : (
        <div className="space-y-4">
          <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 text-sm">
            <p className="text-slate-600">
              {page.data.total === 1 ? '1 incident' : `${page.data.total} incidents`}, newest first by when they
              happened
              {shown < page.data.total ? ` (showing the newest ${shown})` : ''}.
            </p>
            <div className="flex flex-wrap gap-x-4 gap-y-1">
              <Link
                href={href({ actions: allActions ? null : 'all' })}
                className="font-medium text-brand-700 underline underline-offset-2"
              >
                {allActions ? 'Fold actions' : 'Show all actions'}
              </Link>
              <Link
                href={href({ parents: showParents ? null : '1' })}
                className="font-medium text-brand-700 underline underline-offset-2"
              >
                {showParents ? 'Hide parent categories' : 'Toggle parent categories'}
              </Link>
            </div>
          </div>
          <ol className="space-y-4">
            {page.data.incidents.map((incident) => (
              <li key={incident.id}>
                <IncidentCard
                  incident={incident}
                  timeZone={ctx.school.timeZone}
                  maps={maps}
                  customFields={fields}
                  actionFields={actionFields}
                  showParents={showParents}
                  highlighted={highlight === incident.id}
                  actionsOpen={allActions || highlight === incident.id}
                />
                <IncidentOptions
                  incident={incident}
                  mayEdit={incident.mayEdit}
                  open
                  mayPlan={plannerAccess(ctx) === 'allowed'}
                />
              </li>
            ))}
          </ol>
          {shown < page.data.total ? (
            <div className="flex justify-center">
              <Link
                href={`${href({ show: String(shown + CHRONOLOGY_PAGE) })}#incident-${page.data.incidents[shown - 1]!.id}`}
                className="inline-flex min-h-11 items-center rounded-lg border border-slate-300 bg-white px-4 font-medium text-slate-800 hover:bg-slate-50"
              >
                Show {Math.min(CHRONOLOGY_PAGE, page.data.total - shown)} older incidents
              </Link>
            </div>
          ) : null}
        </div>
      )}
    </ProfileFrame>
  );
}

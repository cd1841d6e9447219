import { ClippedText } from '@/app/_components/clipped-text';
import { customFieldRows, listActionVersions } from '@/lib/incidents';
import { recordFieldLabels } from '@/lib/settings';
import { IncidentPageHeading } from '../../../heading';
import { loadIncidentPage, orRefused } from '../../../load';

export const metadata = { title: 'Action history' };

export default async function ActionHistoryPage({
  params,
}: {
  params: Promise<{ incidentId: string; actionId: string }>;
}) {
  const { incidentId, actionId } = await params;
  const { ctx, incident } = await loadIncidentPage(incidentId);
  const history = await orRefused(listActionVersions(ctx, incident.id, actionId));
  if ('refused' in history) return <p>{history.refused}</p>;
  // Deleted fields included: a value recorded before a field was deleted keeps its label.
  const fields = recordFieldLabels(ctx.school.settings).actionFields;
  const when = new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: ctx.school.timeZone,
  });
  return (
    <div className="mx-auto max-w-3xl space-y-5">
      <IncidentPageHeading incident={incident} title="Action history" />
      <ol className="space-y-3" aria-label="Versions of the action">
        {history.versions.map((v, i) => (
          <li key={v.version} className="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm">
            <p className="text-sm text-slate-600">
              <span className="font-semibold text-slate-900">Version {v.version}</span>
              {i === 0 ? ' (current)' : ''} · saved {when.format(v.savedAt)} by {v.savedBy ?? 'an integration'}
            </p>
            <p className="mt-1 text-sm text-slate-700">
              Happened {v.occurredAt ? when.format(new Date(v.occurredAt)) : ''}
              {v.categoryNames.length > 0 ? ` · added ${v.categoryNames.join(', ')}` : ''}
              {v.agencies.length > 0 ? ` · agencies: ${v.agencies.join(', ')}` : ''}
            </p>
            {customFieldRows(v.customFields, fields).map(([label, value], j) => (
              <p key={j} className="mt-1 text-sm text-slate-700">
                {label}: <ClippedText text={value} className="break-words" maxChars={300} maxLines={4} inline />
              </p>
            ))}
            <div className="mt-2">
              <ClippedText text={v.text} maxChars={1_200} maxLines={14} />
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}

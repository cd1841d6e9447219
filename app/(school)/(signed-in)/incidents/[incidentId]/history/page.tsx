import { ClippedText } from '@/app/_components/clipped-text';
import { customFieldRows, listIncidentVersions } from '@/lib/incidents';
import { customFieldsOf } from '@/lib/settings';
import { IncidentPageHeading } from '../heading';
import { loadIncidentPage, orRefused, type Params } from '../load';

export const metadata = { title: 'Incident history' };

export default async function IncidentHistoryPage({ params }: Params) {
  const { incidentId } = await params;
  const { ctx, incident } = await loadIncidentPage(incidentId);
  const history = await orRefused(listIncidentVersions(ctx, incident.id));
  if ('refused' in history) return <p>{history.refused}</p>;
  const fields = customFieldsOf(ctx.school.settings.incidentForm);
  const when = new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: ctx.school.timeZone,
  });
  return (
    <div className="mx-auto max-w-3xl space-y-5">
      <IncidentPageHeading incident={incident} title="History" />
      <ol className="space-y-3">
        {history.versions.map((v, i) => (
          <li key={v.version} className="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm">
            <p className="text-sm text-slate-600">
              <span className="font-semibold text-slate-900">Version {v.version}</span>
              {i === 0 ? ' (current)' : ''} · saved {when.format(v.savedAt)} by {v.savedBy ?? 'an integration'}
            </p>
            <p className="mt-1 text-sm text-slate-700">
              {v.categoryNames.join(', ')} · {v.status === 'closed' ? 'Closed' : 'Active'} · happened{' '}
              {v.occurredAt ? when.format(new Date(v.occurredAt)) : ''}
              {v.agencies.length > 0 ? ` · agencies: ${v.agencies.join(', ')}` : ''}
            </p>
            {v.markers.length > 0 ? (
              <p className="mt-1 text-sm text-slate-700">
                Body map: {v.markers.map((m) => `${m.number}. ${m.note || 'no note'}`).join(' · ')}
              </p>
            ) : null}
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

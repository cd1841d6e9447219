import { ClippedText } from '@/app/_components/clipped-text';
import { customFieldRows, listIncidentVersions } from '@/lib/incidents';
import { recordFieldLabels } from '@/lib/settings';
import { IncidentPageHeading } from '../heading';
import { loadIncidentPage, orRefused, type Params } from '../load';
import { restoreAttachmentsAction } from '../manage-actions';

export const metadata = { title: 'Incident history' };

export default async function IncidentHistoryPage({ params }: Params) {
  const { incidentId } = await params;
  const { ctx, incident } = await loadIncidentPage(incidentId);
  const history = await orRefused(listIncidentVersions(ctx, incident.id));
  if ('refused' in history) return <p>{history.refused}</p>;
  const fields = recordFieldLabels(ctx.school.settings).incidentFields;
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
              <p className="mt-1 text-sm break-words text-slate-700">
                Body map: {v.markers.map((m) => `${m.number}. ${m.note || 'no note'}`).join(' · ')}
              </p>
            ) : null}
            {customFieldRows(v.customFields, fields).map(([label, value], j) => (
              <p key={j} className="mt-1 text-sm text-slate-700">
                {label}: <ClippedText text={value} className="break-words" maxChars={300} maxLines={4} inline />
              </p>
            ))}
            <p className="mt-1 text-sm text-slate-700">
              Files: {v.attachments.length > 0 ? v.attachments.map((a) => a.name).join(', ') : 'none'}
            </p>
            {i > 0 && incident.mayEdit && sameFiles(v.attachments, history.versions[0]!.attachments) === false ? (
              <form action={restoreAttachmentsAction} className="mt-2">
                <input type="hidden" name="incidentId" value={incident.id} />
                <input type="hidden" name="fromVersion" value={v.version} />
                <input type="hidden" name="version" value={history.versions[0]!.version} />
                <button
                  type="submit"
                  className="inline-flex min-h-11 items-center rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50"
                >
                  Restore version {v.version}’s files
                </button>
              </form>
            ) : null}
            <div className="mt-2">
              <ClippedText text={v.text} maxChars={1_200} maxLines={14} />
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}

const sameFiles = (a: readonly { id: string }[], b: readonly { id: string }[]) =>
  a.length === b.length && a.every((x) => b.some((y) => y.id === x.id));

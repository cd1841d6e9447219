import Link from 'next/link';
import { BodyMapFigure, mapBox, MarkerDot } from './body-outline';
import { ClippedText } from './clipped-text';
import { formatBytes } from './format-bytes';
import type { IncidentView, RecordFile } from '@/lib/incidents';
import type { CustomField } from '@/lib/settings';
import { BUILT_IN_CHOICES, type MapChoice } from '@/lib/maps/client';
import { customFieldRows, ROLE_LABEL, shownCategories } from '@/lib/incidents';

function linkedText(incident: IncidentView): string {
  const named = incident.linked.map((l) => `${l.studentName} (${ROLE_LABEL[l.role]?.toLowerCase()})`);
  if (incident.linkedHidden > 0)
    named.push(
      incident.linkedHidden === 1
        ? 'one pupil outside your access'
        : `${incident.linkedHidden} pupils outside your access`,
    );
  return named.join(', ');
}

function Tag({ c }: { c: { name: string; colour: string; textColour: string } }) {
  return (
    <span
      className="inline-flex items-center rounded-full px-2.5 py-0.5 text-sm font-medium"
      style={{ backgroundColor: c.colour, color: c.textColour }}
    >
      {c.name}
    </span>
  );
}

/**
 * One incident as staff read it: number, when, who, categories (a sub-category
 * stands for its parent unless `showParents`), status, assignee, agencies,
 * linked pupils, body-map markers, custom fields, the text exactly as typed
 * (never HTML), and its actions. A server component: no JavaScript.
 */
export function IncidentCard({
  incident,
  timeZone,
  customFields,
  actionFields,
  showParents = false,
  highlighted = false,
  actionsOpen = true,
  maps = BUILT_IN_CHOICES,
}: {
  incident: IncidentView;
  timeZone: string;
  customFields: CustomField[];
  /** The action form's custom fields, deleted ones included (customFieldsOf): labels of actions' values. */
  actionFields: CustomField[];
  showParents?: boolean;
  highlighted?: boolean;
  /** Actions shown, or folded under their count (a chronology folds all but the highlighted incident's). */
  actionsOpen?: boolean;
  /** The school's maps, disabled ones included (listSchoolMaps): markers on an uploaded map need its picture. */
  maps?: MapChoice[];
}) {
  const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone });
  const { own: shown, raised } = shownCategories(incident.categories, showParents);
  const custom = customFieldRows(incident.customFields, customFields);
  return (
    <article
      id={`incident-${incident.id}`}
      aria-labelledby={`incident-${incident.id}-title`}
      className={`rounded-2xl border bg-white p-4 shadow-sm sm:p-5 ${highlighted ? 'border-brand-600 ring-2 ring-brand-200' : 'border-slate-200'} ${incident.deleted ? 'opacity-75' : ''}`}
    >
      <header className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h3 id={`incident-${incident.id}-title`} className="text-base font-semibold">
            Incident #{incident.number}
            {/* Spaces keep the heading's name readable: "Incident #12 Pinned", not "#12Pinned". */}
            {incident.pinned ? ' ' : null}
            {incident.pinned ? (
              <span className="ml-1 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">Pinned</span>
            ) : null}
            {incident.training ? ' ' : null}
            {incident.training ? (
              <span className="ml-1 rounded bg-sky-100 px-1.5 py-0.5 text-xs font-medium text-sky-900">Training</span>
            ) : null}
          </h3>
          <p className="text-sm text-slate-600">
            <time dateTime={incident.occurredAt.toISOString()}>{when.format(incident.occurredAt)}</time>
            {' · '}
            {incident.authorName ?? 'Recorded by an integration'}
          </p>
        </div>
        <span
          className={`rounded-full px-2.5 py-0.5 text-sm font-medium ${incident.status === 'active' ? 'bg-emerald-100 text-emerald-900' : 'bg-slate-200 text-slate-800'}`}
        >
          {incident.status === 'active' ? 'Active' : 'Closed'}
        </span>
      </header>
      {incident.deleted ? (
        <p className="mt-3 rounded-lg bg-rose-50 px-3 py-2 text-sm break-words text-rose-900">
          Deleted on {when.format(incident.deleted.at)}: {incident.deleted.reason}
        </p>
      ) : null}
      <div className="mt-3 flex flex-wrap gap-1.5">
        {shown.map((c) => (
          <Tag key={c.id} c={c} />
        ))}
        {raised.map((c) => (
          <Tag key={c.id} c={{ ...c, name: `${c.name} (added by an action)` }} />
        ))}
      </div>
      <div className="mt-3">
        <ClippedText
          text={incident.text}
          className="whitespace-pre-wrap break-words text-slate-900"
          maxChars={1_200}
          maxLines={14}
        />
      </div>
      <dl className="mt-3 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
        {incident.role !== 'subject' ? (
          <div>
            <dt className="inline font-medium text-slate-700">Part in this incident: </dt>
            <dd className="inline">{ROLE_LABEL[incident.role]}</dd>
          </div>
        ) : null}
        {incident.assigneeName ? (
          <div>
            <dt className="inline font-medium text-slate-700">Assigned to: </dt>
            <dd className="inline">{incident.assigneeName}</dd>
          </div>
        ) : null}
        {incident.agencies.length > 0 ? (
          <div>
            <dt className="inline font-medium text-slate-700">Agencies: </dt>
            <dd className="inline">{incident.agencies.join(', ')}</dd>
          </div>
        ) : null}
        {incident.linked.length + incident.linkedHidden > 0 ? (
          <div className="sm:col-span-2">
            <dt className="inline font-medium text-slate-700">Linked pupils: </dt>
            <dd className="inline">{linkedText(incident)}</dd>
          </div>
        ) : null}
        {custom.map(([label, value], i) => (
          <div key={i}>
            <dt className="inline font-medium text-slate-700">{label}: </dt>
            <dd className="inline">
              <ClippedText text={value} className="break-words" maxChars={300} maxLines={4} inline />
            </dd>
          </div>
        ))}
      </dl>
      <RecordFiles files={incident.files} incidentId={incident.id} label={`Files of incident #${incident.number}`} />
      {incident.markers.length > 0 ? (
        <div className="mt-3 flex flex-wrap gap-3">
          {maps
            .filter((m) => incident.markers.some((x) => x.mapId === m.id))
            .map((m) => (
              <BodyMapFigure
                key={m.id}
                map={m}
                label={`${m.title} with markers`}
                className={m.image ? 'w-56 max-w-full' : 'w-28'}
              >
                {incident.markers
                  .filter((x) => x.mapId === m.id)
                  .map((x) => (
                    <MarkerDot key={x.number} x={x.x} y={x.y} label={x.number} r={13} box={mapBox(m)} />
                  ))}
              </BodyMapFigure>
            ))}
          <ol className="min-w-40 flex-1 space-y-1 text-sm">
            {incident.markers.map((x) => (
              <li key={x.number}>
                <span className="font-semibold">{x.number}.</span>{' '}
                {x.note || <span className="text-slate-500">No note</span>}
              </li>
            ))}
          </ol>
        </div>
      ) : null}
      {incident.actions.length > 0 ? (
        <details open={actionsOpen} className="group mt-4 border-t border-slate-100 pt-3">
          <summary className="flex min-h-11 cursor-pointer list-none items-center gap-2 text-sm font-semibold text-slate-700 [&::-webkit-details-marker]:hidden">
            <span aria-hidden="true" className="inline-block transition-transform group-open:rotate-90">
              ▸
            </span>
            {incident.actions.length === 1 ? '1 action' : `${incident.actions.length} actions`}
          </summary>
          <section aria-label={`Actions on incident #${incident.number}`} className="mt-1 space-y-2">
            {incident.actions.map((a) => (
              <div key={a.id} className={`rounded-xl bg-slate-50 p-3 ${a.deleted ? 'opacity-75' : ''}`}>
                <p className="text-sm break-words text-slate-600">
                  {when.format(a.occurredAt)} · {a.authorName ?? 'Integration'}
                  {a.deleted ? ` · deleted: ${a.deleted.reason}` : ''}
                  {a.version > 1 ? (
                    <>
                      {' · '}
                      <Link
                        href={`/incidents/${incident.id}/actions/${a.id}/history`}
                        className="text-brand-800 underline underline-offset-2"
                      >
                        edited (history)
                      </Link>
                    </>
                  ) : null}
                  {a.training ? (
                    <span className="ml-2 rounded bg-sky-100 px-1.5 py-0.5 text-xs font-medium text-sky-900">
                      Training
                    </span>
                  ) : null}
                </p>
                {a.categories.length > 0 ? (
                  <div className="mt-1 flex flex-wrap gap-1.5">
                    {a.categories.map((c) => (
                      <Tag key={c.id} c={c} />
                    ))}
                  </div>
                ) : null}
                <div className="mt-1">
                  <ClippedText text={a.text} maxChars={800} maxLines={10} />
                </div>
                {a.agencies.length > 0 ? (
                  <p className="mt-1 text-sm text-slate-700">Agencies: {a.agencies.join(', ')}</p>
                ) : null}
                <ActionCustomValues values={a.customFields} fields={actionFields} />
                <RecordFiles files={a.files} incidentId={incident.id} label="Files of this action" />
              </div>
            ))}
          </section>
        </details>
      ) : null}
    </article>
  );
}

/** An action's custom field values, labelled by the action form. */
function ActionCustomValues({ values, fields }: { values: Record<string, unknown>; fields: CustomField[] }) {
  const rows = customFieldRows(values, fields);
  if (rows.length === 0) return null;
  return (
    <dl className="mt-1 space-y-0.5 text-sm text-slate-700">
      {rows.map(([label, value], i) => (
        <div key={i}>
          <dt className="inline font-medium">{label}: </dt>
          <dd className="inline">
            <ClippedText text={value} className="break-words" maxChars={300} maxLines={4} inline />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * A record's files, each a link to the incident's file route: readable by
 * whoever may read the incident (the route decides again), opened in the
 * browser when it is a PDF or a picture, downloaded otherwise. A file that
 * came with a merged incident says which.
 */
function RecordFiles({ files, incidentId, label }: { files: RecordFile[]; incidentId: string; label: string }) {
  if (files.length === 0) return null;
  return (
    <ul aria-label={label} className="mt-3 flex flex-wrap gap-2 text-sm">
      {files.map((f) => (
        <li key={f.id} className="max-w-full">
          <a
            href={`/incidents/${incidentId}/files/${f.id}`}
            target="_blank"
            rel="noopener"
            className="inline-flex min-h-11 max-w-full items-center gap-1.5 rounded-lg border border-slate-200 bg-white px-3 py-1.5 text-brand-800 hover:bg-slate-50"
          >
            <svg aria-hidden="true" viewBox="0 0 24 24" className="h-4 w-4 shrink-0 fill-none stroke-current stroke-2">
              <path d="M21 11.5l-8.5 8.5a5 5 0 0 1-7-7L14 4.5a3.5 3.5 0 0 1 5 5l-8.5 8.5a2 2 0 0 1-3-3L15 7.5" />
            </svg>
            <span className="break-words underline underline-offset-2 [overflow-wrap:anywhere]">{f.name}</span>
            <span className="shrink-0 text-slate-600">· {formatBytes(f.size)}</span>
            {f.mergedFromNumber !== null ? (
              <span className="shrink-0 text-slate-600">· from merged incident #{f.mergedFromNumber}</span>
            ) : null}
          </a>
        </li>
      ))}
    </ul>
  );
}

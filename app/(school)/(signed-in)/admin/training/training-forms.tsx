'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { Field, FormMessage, SubmitButton } from '@/app/_components/form-controls';
import { initialFormState } from '@/lib/http/client';
import { enableTrainingAction, trainingRecordsAction } from './actions';

/** One flagged record as the page shows it, already formatted on the server. */
export interface TrainingRow {
  id: string;
  title: string;
  /** The incident's page, when the person may read it. */
  href: string | null;
  /** When it happened and who recorded it. */
  meta: string;
  pupil: string | null;
  /** Short facts: a linked pupil's copy, deleted, on a training incident. */
  notes: string[];
  firstLine: string | null;
  categories: string[];
  /** Set when the person may not read the record: what to do instead. */
  unreadable: string | null;
  /** Set when it must be kept because a genuine record needs it. */
  held: string | null;
}

export function EnableTrainingForm() {
  const [state, action] = useActionState(enableTrainingAction, initialFormState);
  return (
    <form action={action} className="space-y-3">
      <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
      <SubmitButton pendingLabel="Switching on…">Switch training mode on</SubmitButton>
    </form>
  );
}

const list = (v: string | undefined) => (v ? v.split(',') : []);

function Records({
  name,
  legend,
  hint,
  rows,
  ticked,
}: {
  name: string;
  legend: string;
  hint: string;
  rows: TrainingRow[];
  ticked: (id: string) => boolean;
}) {
  if (rows.length === 0) return null;
  return (
    <fieldset className="space-y-2">
      <legend className="text-lg font-semibold">
        {legend} <span className="font-normal text-slate-600">({rows.length})</span>
      </legend>
      <p className="text-sm text-slate-600">{hint}</p>
      <ul className="space-y-2">
        {rows.map((r) => (
          <li key={r.id}>
            <Record name={name} row={r} ticked={ticked(r.id)} />
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

function Record({ name, row, ticked }: { name: string; row: TrainingRow; ticked: boolean }) {
  const titleId = `${name}-${row.id}-title`;
  const detailsId = `${name}-${row.id}-details`;
  const body = (
    <span className="min-w-0 flex-1">
      <span className="flex flex-wrap items-baseline gap-x-2">
        <span id={titleId} className="font-semibold text-slate-900">
          {row.href ? (
            <Link href={row.href} className="text-brand-800 underline-offset-2 hover:underline">
              {row.title}
            </Link>
          ) : (
            row.title
          )}
        </span>
        <span className="text-sm text-slate-600">{row.meta}</span>
      </span>
      <span id={detailsId} className="block">
        {row.pupil ? <span className="block font-medium text-slate-800">{row.pupil}</span> : null}
        {row.notes.length > 0 ? <span className="block text-sm text-slate-600">{row.notes.join(' · ')}</span> : null}
        {row.firstLine ? <span className="mt-1 block break-words text-slate-700">{row.firstLine}</span> : null}
        {row.unreadable ? <span className="mt-1 block text-sm text-slate-600 italic">{row.unreadable}</span> : null}
        {row.categories.length > 0 ? (
          <span className="mt-1.5 flex flex-wrap gap-1">
            {row.categories.map((c) => (
              <span key={c} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-700">
                {c}
              </span>
            ))}
          </span>
        ) : null}
        {row.held ? (
          <span className="mt-1.5 block rounded-lg bg-amber-50 px-2 py-1 text-sm text-amber-950">{row.held}</span>
        ) : null}
      </span>
    </span>
  );
  if (row.held) {
    return <div className="flex gap-3 rounded-xl border border-amber-200 bg-white p-3">{body}</div>;
  }
  return (
    <label className="flex cursor-pointer gap-3 rounded-xl border border-slate-200 bg-white p-3 hover:border-slate-300 has-[:checked]:border-sky-300 has-[:checked]:bg-sky-50/60">
      <input
        type="checkbox"
        name={name}
        value={row.id}
        defaultChecked={ticked}
        aria-labelledby={titleId}
        aria-describedby={detailsId}
        className="mt-0.5 size-5 shrink-0 accent-sky-700"
      />
      {body}
    </label>
  );
}

/**
 * The flagged records, each ticked, and the two things to do with them: keep
 * the unticked ones as genuine, or disable training mode, which removes the
 * ticked ones for good once the school's name is typed.
 */
export function TrainingRecordsForm({
  schoolName,
  on,
  incidents,
  actions,
}: {
  schoolName: string;
  on: boolean;
  incidents: TrainingRow[];
  actions: TrainingRow[];
}) {
  const [state, action] = useActionState(trainingRecordsAction, initialFormState);
  const echoed = !state.done && state.values.shownIncidentIds !== undefined;
  // After a refused submit the boxes are as they were; a record listed since then starts ticked.
  const tickedOf = (shownKey: string, tickedKey: string) => {
    const shown = new Set(list(state.values[shownKey]));
    const ticked = new Set(list(state.values[tickedKey]));
    return (id: string) => !echoed || !shown.has(id) || ticked.has(id);
  };
  const total = incidents.length + actions.length;
  const removable = [...incidents, ...actions].filter((r) => !r.held).length;
  const recordsErrors = state.fieldErrors.records;
  return (
    <form action={action} className="space-y-6" noValidate>
      <input type="hidden" name="shownIncidentIds" value={incidents.map((r) => r.id).join(',')} />
      <input type="hidden" name="shownActionIds" value={actions.map((r) => r.id).join(',')} />
      <section
        aria-labelledby="training-records"
        className="space-y-4 rounded-2xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5"
      >
        <div>
          <h2 id="training-records" className="text-xl font-semibold">
            Training records
          </h2>
          <p className="mt-1 text-slate-600">
            {total === 0
              ? 'Nothing has been recorded in training mode yet.'
              : 'Everything recorded in training mode is listed. Ticked records are removed when training mode is disabled; untick anything genuine — recorded for real — to keep it as an ordinary record.'}
          </p>
        </div>
        {state.message && !recordsErrors && !state.fieldErrors.schoolName ? (
          <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
        ) : null}
        {recordsErrors?.length ? (
          <p
            id="field-records-error"
            role="alert"
            className="rounded-lg bg-rose-50 px-3 py-2 text-sm font-medium text-rose-800"
          >
            {recordsErrors.join(' ')}
          </p>
        ) : null}
        <Records
          name="incidentIds"
          legend="Incidents"
          hint="A linked pupil’s copy is listed on its own: untick each copy you keep."
          rows={incidents}
          ticked={tickedOf('shownIncidentIds', 'incidentIds')}
        />
        <Records
          name="actionIds"
          legend="Actions"
          hint="An action on a training incident goes with it. Keeping such an action keeps its incident too, so untick both."
          rows={actions}
          ticked={tickedOf('shownActionIds', 'actionIds')}
        />
        {total > 0 ? (
          <SubmitButton name="intent" value="keep" variant="secondary" pendingLabel="Keeping…">
            Keep unticked records
          </SubmitButton>
        ) : null}
      </section>

      <section
        aria-labelledby="training-disable"
        className="space-y-4 rounded-2xl border border-rose-200 bg-white p-4 shadow-sm sm:p-5"
      >
        <div>
          <h2 id="training-disable" className="text-xl font-semibold">
            {on ? 'Disable training mode' : 'Remove the training records'}
          </h2>
          <p className="mt-1 text-slate-600">
            {removable === 0
              ? `${on ? 'Training mode switches off' : 'Nothing is removed'}: there are no training records to remove.`
              : `${on ? 'Training mode switches off and every' : 'Every'} record still ticked above is removed for good, with its categories, versions, alerts and the monitoring only it started. This cannot be undone. Unticked records stay.`}
          </p>
        </div>
        {state.fieldErrors.schoolName && state.message ? <FormMessage message={state.message} /> : null}
        <Field
          name="schoolName"
          label={`Type “${schoolName}” to confirm`}
          hint="Exactly as shown, capitals included."
          autoComplete="off"
          spellCheck={false}
          className="max-w-md"
          defaultValue={state.done ? '' : (state.values.schoolName ?? '')}
          errors={state.fieldErrors.schoolName}
          onKeyDown={(e) => {
            // Enter here means "disable", not the list's first button.
            const disable = e.currentTarget.form?.querySelector<HTMLButtonElement>(
              'button[name="intent"][value="disable"]',
            );
            if (e.key === 'Enter' && disable) {
              e.preventDefault();
              e.currentTarget.form?.requestSubmit(disable);
            }
          }}
        />
        <SubmitButton name="intent" value="disable" variant="danger" pendingLabel="Removing…">
          {on ? 'Disable training mode' : 'Remove training records'}
        </SubmitButton>
      </section>
    </form>
  );
}

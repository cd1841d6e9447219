'use client';

import { useActionState, useState } from 'react';
import { FormMessage, SubmitButton } from '@/app/_components/form-controls';
import { PupilSearch } from '@/app/_components/pupil-search';
import type { AlertRulesView } from '@/lib/admin';
import { initialFormState } from '@/lib/http/client';
import { clearAlertsAction, saveAlertRulesAction } from './actions';

function Checks({
  name,
  legend,
  options,
  chosen,
}: {
  name: string;
  legend: string;
  options: { value: string; label: string }[];
  chosen: Set<string>;
}) {
  if (options.length === 0) return null;
  return (
    <fieldset>
      <legend className="text-base font-semibold">{legend}</legend>
      <ul className="mt-2 grid gap-1.5 sm:grid-cols-2 lg:grid-cols-3">
        {options.map((o) => (
          <li key={o.value}>
            <label className="flex min-h-10 items-center gap-3 rounded-lg px-2 hover:bg-slate-50">
              <input
                type="checkbox"
                name={name}
                value={o.value}
                defaultChecked={chosen.has(o.value)}
                className="size-5 accent-brand-600"
              />
              <span>{o.label}</span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

export function AlertRulesForm({ view }: { view: AlertRulesView }) {
  const [state, action] = useActionState(saveAlertRulesAction, initialFormState);
  const [pupils, setPupils] = useState(view.students);
  return (
    <form action={action} className="space-y-6 rounded-2xl border border-slate-200 bg-white p-5 shadow-sm" noValidate>
      <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
      <input type="hidden" name="userId" value={view.userId} />
      <Checks
        name="categoryIds"
        legend="Categories"
        options={view.options.categories.map((c) => ({
          value: c.id,
          label: c.parentName ? `${c.parentName}: ${c.name}` : c.name,
        }))}
        chosen={new Set(view.categoryIds)}
      />
      <fieldset className="space-y-2">
        <legend className="text-base font-semibold">Pupils</legend>
        <input type="hidden" name="studentIds" value={pupils.map((p) => p.id).join(',')} />
        {pupils.length > 0 ? (
          <ul className="flex flex-wrap gap-2">
            {pupils.map((p) => (
              <li
                key={p.id}
                className="inline-flex min-h-9 items-center gap-1 rounded-full bg-slate-100 py-1 pr-1 pl-3 text-sm"
              >
                {p.name}
                {p.group ? <span className="text-slate-600"> · {p.group}</span> : null}
                <button
                  type="button"
                  onClick={() => setPupils((all) => all.filter((x) => x.id !== p.id))}
                  className="inline-flex size-8 items-center justify-center rounded-full hover:bg-slate-200"
                  aria-label={`Remove ${p.name}`}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        {view.hiddenStudents > 0 ? (
          <p className="text-sm text-slate-600">
            {view.hiddenStudents === 1 ? 'One more pupil is' : `${view.hiddenStudents} more pupils are`} outside your
            access: those alerts stay as they are.
          </p>
        ) : null}
        <div className="max-w-md">
          <PupilSearch
            label="Add a pupil"
            exclude={pupils.map((p) => p.id)}
            onPick={(p) => setPupils((all) => [...all, p])}
          />
        </div>
      </fieldset>
      <Checks
        name="tutorGroups"
        legend="Tutor groups"
        options={view.options.tutorGroups.map((g) => ({ value: g, label: g }))}
        chosen={new Set(view.tutorGroups)}
      />
      <Checks
        name="yearGroups"
        legend="Year groups"
        options={view.options.yearGroups.map((g) => ({ value: g, label: g }))}
        chosen={new Set(view.yearGroups)}
      />
      <SubmitButton pendingLabel="Saving…">Save automatic alerts</SubmitButton>
    </form>
  );
}

export function ClearAlertsForm({ userId, count }: { userId: string; count: number }) {
  const [state, action] = useActionState(clearAlertsAction, initialFormState);
  return (
    <form action={action} className="mt-3 space-y-3" noValidate>
      <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
      <input type="hidden" name="userId" value={userId} />
      <label className="flex items-start gap-3">
        <input type="checkbox" name="understood" className="mt-1 size-5 accent-rose-700" />
        <span>
          I understand that {count === 1 ? 'this alert leaves' : `these ${count} alerts leave`} their dashboard. Someone
          without a key will no longer be able to open the records they were alerted to.
        </span>
      </label>
      {state.fieldErrors.understood?.length ? (
        <p className="text-sm font-medium text-rose-700">{state.fieldErrors.understood.join(' ')}</p>
      ) : null}
      <SubmitButton variant="danger" pendingLabel="Removing…">
        Remove dashboard alerts
      </SubmitButton>
    </form>
  );
}

'use client';

import { useActionState } from 'react';
import { Field, FormMessage, SubmitButton } from '@/app/_components/form-controls';
import type { AgencyListItem } from '@/lib/admin';
import { initialFormState } from '@/lib/http/client';
import { createAgencyAction, disableAgencyAction, enableAgencyAction, renameAgencyAction } from './actions';

export function NewAgencyForm() {
  const [state, action] = useActionState(createAgencyAction, initialFormState);
  return (
    <form
      action={action}
      noValidate
      aria-labelledby="new-agency-heading"
      className="space-y-3 rounded-2xl border border-slate-200 bg-white p-5 shadow-sm"
    >
      <h2 id="new-agency-heading" className="text-lg font-semibold">
        New agency
      </h2>
      <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
      <div className="flex flex-wrap items-end gap-3">
        <Field
          name="name"
          id="new-agency-name"
          label="Name"
          maxLength={100}
          className="min-w-0 flex-1 basis-64"
          // Keyed so a saved name clears and a refused one stays.
          key={state.done ? `done-${state.message}` : 'typing'}
          defaultValue={state.done ? '' : (state.values.name ?? '')}
          errors={state.fieldErrors.name}
        />
        <SubmitButton pendingLabel="Adding…">Add agency</SubmitButton>
      </div>
    </form>
  );
}

function ToggleForm({ agency }: { agency: AgencyListItem }) {
  const [state, action] = useActionState(agency.enabled ? disableAgencyAction : enableAgencyAction, initialFormState);
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="agencyId" value={agency.id} />
      {state.message && !state.done ? <FormMessage message={state.message} /> : null}
      <SubmitButton variant="secondary" pendingLabel="Please wait…">
        {agency.enabled ? `Disable` : `Enable`}
        <span className="sr-only"> {agency.name}</span>
      </SubmitButton>
    </form>
  );
}

/** One agency: its name (renamed in place), how many records name it, and disable / enable. */
export function AgencyRow({ agency }: { agency: AgencyListItem }) {
  const [state, action] = useActionState(renameAgencyAction, initialFormState);
  const id = `agency-${agency.id}`;
  return (
    <li className="space-y-2 p-4">
      <div className="flex flex-wrap items-end gap-3">
        <form action={action} noValidate className="flex min-w-0 flex-1 basis-72 flex-wrap items-end gap-3">
          <input type="hidden" name="agencyId" value={agency.id} />
          <Field
            name="name"
            id={id}
            label={agency.enabled ? 'Name' : 'Name (disabled)'}
            maxLength={100}
            className="min-w-0 flex-1 basis-56"
            key={state.done ? `saved-${agency.name}` : 'typing'}
            defaultValue={state.done ? agency.name : (state.values.name ?? agency.name)}
            errors={state.fieldErrors.name}
          />
          <SubmitButton variant="secondary" pendingLabel="Saving…">
            Rename<span className="sr-only"> {agency.name}</span>
          </SubmitButton>
        </form>
        <ToggleForm agency={agency} />
      </div>
      <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
      <p className="text-sm text-slate-600">
        {agency.records === 1 ? 'Named on 1 record' : `Named on ${agency.records} records`}
        {agency.enabled ? '' : ' · not offered on forms'}
      </p>
    </li>
  );
}

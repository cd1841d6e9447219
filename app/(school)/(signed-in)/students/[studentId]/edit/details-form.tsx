'use client';

import { useActionState } from 'react';
import {
  controlClass,
  describedBy,
  Field,
  FieldFrame,
  FormMessage,
  SubmitButton,
} from '@/app/_components/form-controls';
import { AgencyPicker } from '@/app/_components/agency-picker';
import { initialFormState } from '@/lib/http/client';
import { saveDetailsAction } from './actions';

function TextArea({
  name,
  label,
  hint,
  value,
  errors,
  rows = 3,
}: {
  name: string;
  label: string;
  hint?: string;
  value: string;
  errors?: string[];
  rows?: number;
}) {
  const id = `field-${name}`;
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={errors}>
      <textarea
        id={id}
        name={name}
        rows={rows}
        defaultValue={value}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, hint, errors)}
        className={controlClass(errors)}
      />
    </FieldFrame>
  );
}

/** Summary, keywords and agencies. Carries the version it was loaded with, so a stale save is refused. */
export function DetailsForm({
  studentId,
  version,
  summary,
  keywords,
  agencyIds,
  otherAgencies,
  agencyOptions,
}: {
  studentId: string;
  version: number;
  summary: string;
  keywords: string[];
  agencyIds: string[];
  otherAgencies: string[];
  agencyOptions: { id: string; name: string }[];
}) {
  const [state, action] = useActionState(saveDetailsAction, initialFormState);
  const v = (name: string, fallback: string) => (state.done ? fallback : (state.values[name] ?? fallback));
  // Nothing ticked sends no field at all, so a refused save is recognised by its hidden pupil id.
  const refused = !state.done && state.values.studentId !== undefined;
  const chosen = (refused ? (state.values.agencyIds ?? '') : agencyIds.join(',')).split(',').filter(Boolean);
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="studentId" value={studentId} />
      <input type="hidden" name="version" value={version} />
      <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
      <Field
        name="summary"
        label="Summary"
        hint="One line that helps colleagues understand this pupil’s situation."
        maxLength={300}
        autoComplete="off"
        defaultValue={v('summary', summary)}
        errors={state.fieldErrors.summary}
      />
      <TextArea
        name="keywords"
        label="Keywords"
        hint="One per line or separated by commas. Keywords are searchable."
        value={v('keywords', keywords.join('\n'))}
        errors={state.fieldErrors.keywords}
      />
      {/* Keyed on what it shows, so the boxes follow a save or a refused one. */}
      <AgencyPicker
        key={chosen.join(',')}
        options={agencyOptions}
        chosen={chosen}
        other={v('agencies', otherAgencies.join('\n'))}
        errors={{ agencyIds: state.fieldErrors.agencyIds, agencies: state.fieldErrors.agencies }}
      />
      <SubmitButton pendingLabel="Saving…">Save information</SubmitButton>
    </form>
  );
}

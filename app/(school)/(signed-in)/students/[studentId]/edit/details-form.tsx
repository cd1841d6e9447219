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
import { CustomFieldInput } from '@/app/_components/custom-field-input';
import type { FormFieldRef } from '@/lib/settings';

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

const stored = (v: unknown) => (Array.isArray(v) ? v.join(',') : typeof v === 'string' ? v : '');

/**
 * "Edit information", drawn from the school's student form: summary, keywords,
 * agencies and its custom fields, in its order, each with its advice message.
 * Carries the version it was loaded with, so a stale save is refused.
 */
export function DetailsForm({
  studentId,
  version,
  summary,
  keywords,
  agencyIds,
  otherAgencies,
  agencyOptions,
  form,
  customValues,
}: {
  studentId: string;
  version: number;
  summary: string;
  keywords: string[];
  agencyIds: string[];
  otherAgencies: string[];
  agencyOptions: { id: string; name: string }[];
  form: FormFieldRef<'student'>[];
  customValues: Record<string, unknown>;
}) {
  const [state, action] = useActionState(saveDetailsAction, initialFormState);
  const v = (name: string, fallback: string) => (state.done ? fallback : (state.values[name] ?? fallback));
  // Nothing ticked sends no field at all, so a refused save is recognised by its hidden pupil id.
  const refused = !state.done && state.values.studentId !== undefined;
  const chosen = (refused ? (state.values.agencyIds ?? '') : agencyIds.join(',')).split(',').filter(Boolean);
  const builtIn = {
    summary: (
      <Field
        name="summary"
        label="Summary"
        hint="One line that helps colleagues understand this pupil’s situation."
        maxLength={300}
        autoComplete="off"
        defaultValue={v('summary', summary)}
        errors={state.fieldErrors.summary}
      />
    ),
    keywords: (
      <TextArea
        name="keywords"
        label="Keywords"
        hint="One per line or separated by commas. Keywords are searchable."
        value={v('keywords', keywords.join('\n'))}
        errors={state.fieldErrors.keywords}
      />
    ),
    // Keyed on what it shows, so the boxes follow a save or a refused one.
    agencies: (
      <AgencyPicker
        key={chosen.join(',')}
        options={agencyOptions}
        chosen={chosen}
        other={v('agencies', otherAgencies.join('\n'))}
        errors={{ agencyIds: state.fieldErrors.agencyIds, agencies: state.fieldErrors.agencies }}
      />
    ),
  };
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="studentId" value={studentId} />
      <input type="hidden" name="version" value={version} />
      <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
      {form.map((f) => {
        const key = f.kind === 'custom' ? `cf_${f.field.id}` : f.name;
        return (
          <div key={key}>
            {f.kind === 'custom' ? (
              <CustomFieldInput
                // A save that was refused or accepted redraws the field with what it now holds.
                key={`${key}:${state.done ? 'saved' : 'typed'}:${v(key, stored(customValues[f.field.id]))}`}
                field={f.field}
                value={v(key, stored(customValues[f.field.id]))}
                errors={state.fieldErrors[key]}
              />
            ) : (
              builtIn[f.name]
            )}
            {f.advice ? <p className="mt-1 text-sm text-slate-600">{f.advice}</p> : null}
          </div>
        );
      })}
      <SubmitButton pendingLabel="Saving…">Save information</SubmitButton>
    </form>
  );
}

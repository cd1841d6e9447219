'use client';

import { useActionState, useState } from 'react';
import { Field, FormMessage, SubmitButton } from '@/app/_components/form-controls';
import { controlClass, describedBy, FieldFrame } from '@/app/_components/field-frame';
import type { FormBuilderCategory } from '@/lib/admin/client';
import { initialFormState } from '@/lib/http/client';
import type { CustomField, FormKind } from '@/lib/settings';
import { addFieldAction, editFieldAction } from './actions';

const KINDS = [
  { value: 'dropdown', label: 'Dropdown' },
  { value: 'text', label: 'Text (one line)' },
  { value: 'multiline', label: 'Multiline text' },
  { value: 'date', label: 'Date' },
  { value: 'datetime', label: 'Date and time' },
] as const;

const box = 'h-5 w-5 shrink-0 rounded border-slate-400 accent-brand-600';

/**
 * Add or edit one of the school's own fields. Options and "allow multiple"
 * belong to a dropdown only, so they show only for one; categories are the
 * school's enabled ones (and any disabled one the field already names).
 */
export function CustomFieldForm({
  form,
  version,
  field,
  advice = '',
  categories,
}: {
  form: FormKind;
  version: string;
  /** The field being edited; none when adding. */
  field?: CustomField;
  advice?: string;
  categories: FormBuilderCategory[];
}) {
  const [state, submit] = useActionState(field ? editFieldAction : addFieldAction, initialFormState);
  const sent = state.done ? {} : state.values;
  const [kind, setKind] = useState<string>(sent.kind ?? field?.kind ?? 'dropdown');
  const chosen = new Set(
    sent.categoryIds !== undefined || Object.keys(sent).length > 0
      ? (sent.categoryIds ?? '').split(',').filter(Boolean)
      : (field?.categoryIds ?? []),
  );
  const ticked = (name: 'multiple' | 'required') =>
    Object.keys(sent).length > 0 ? sent[name] === 'on' : Boolean(field?.[name]);
  const e = state.fieldErrors;
  // Remounted after a refused submit so every control shows what was sent.
  const key = JSON.stringify(sent);
  return (
    <form
      action={submit}
      noValidate
      className="space-y-5 rounded-2xl border border-slate-200 bg-white p-5 shadow-sm"
      key={key}
    >
      <input type="hidden" name="form" value={form} />
      <input type="hidden" name="version" value={version} />
      {field ? <input type="hidden" name="fieldId" value={field.id} /> : null}
      <FormMessage message={state.message} />
      <Field
        name="label"
        label="Name"
        hint="What staff see above the field, such as “Location”."
        maxLength={80}
        defaultValue={sent.label ?? field?.label ?? ''}
        errors={e.label}
      />
      <FieldFrame id="field-kind" label="Kind" errors={e.kind}>
        <select
          id="field-kind"
          name="kind"
          value={kind}
          onChange={(ev) => setKind(ev.target.value)}
          aria-invalid={e.kind?.length ? true : undefined}
          aria-describedby={describedBy('field-kind', undefined, e.kind)}
          className={controlClass(e.kind)}
        >
          {KINDS.map((k) => (
            <option key={k.value} value={k.value}>
              {k.label}
            </option>
          ))}
        </select>
      </FieldFrame>
      {kind === 'dropdown' ? (
        <fieldset className="space-y-3 rounded-xl border border-slate-200 p-4">
          <legend className="px-1 text-sm font-semibold text-slate-800">Dropdown</legend>
          <FieldFrame id="field-options" label="Options, one per line" errors={e.options}>
            <textarea
              id="field-options"
              name="options"
              rows={5}
              defaultValue={sent.options ?? field?.options.join('\n') ?? ''}
              aria-invalid={e.options?.length ? true : undefined}
              aria-describedby={describedBy('field-options', undefined, e.options)}
              className={controlClass(e.options)}
            />
          </FieldFrame>
          <label className="flex items-center gap-3 text-sm text-slate-800">
            <input type="checkbox" name="multiple" defaultChecked={ticked('multiple')} className={box} />
            Allow several options to be chosen
          </label>
          {e.multiple ? <p className="text-sm text-rose-800">{e.multiple.join(' ')}</p> : null}
          <label className="flex items-center gap-3 text-sm text-slate-800">
            <input type="checkbox" name="required" defaultChecked={ticked('required')} className={box} />
            Enforce an option is chosen
          </label>
        </fieldset>
      ) : (
        <label className="flex items-center gap-3 text-sm text-slate-800">
          <input type="checkbox" name="required" defaultChecked={ticked('required')} className={box} />
          Must be filled in
        </label>
      )}
      {form === 'student' ? (
        <p className="text-sm text-slate-600">Fields on the student form appear for every pupil.</p>
      ) : (
        <fieldset className="space-y-2" aria-describedby="field-categories-hint">
          <legend className="text-sm font-medium text-slate-800">Appears for these categories</legend>
          <p id="field-categories-hint" className="text-sm text-slate-600">
            Shown when one of the ticked categories is ticked on the form. Leave them all blank for all categories.
          </p>
          {e.categoryIds ? (
            <p role="alert" className="text-sm text-rose-800">
              {e.categoryIds.join(' ')}
            </p>
          ) : null}
          <ul className="grid gap-x-4 gap-y-1 sm:grid-cols-2 lg:grid-cols-3">
            {categories.map((c) => (
              <li key={c.id}>
                <label className="flex min-h-11 items-center gap-3 text-sm text-slate-800">
                  <input
                    type="checkbox"
                    name="categoryIds"
                    value={c.id}
                    defaultChecked={chosen.has(c.id)}
                    className={box}
                  />
                  <span className="min-w-0 break-words">
                    {c.name}
                    {c.enabled ? '' : ' (disabled)'}
                  </span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      )}
      <FieldFrame
        id="field-advice"
        label="Advice (optional)"
        hint="Shown under the field, such as what to write or whom to tell."
        errors={e.advice}
      >
        <textarea
          id="field-advice"
          name="advice"
          rows={2}
          maxLength={300}
          defaultValue={sent.advice ?? advice}
          aria-invalid={e.advice?.length ? true : undefined}
          aria-describedby={describedBy('field-advice', 'hint', e.advice)}
          className={controlClass(e.advice)}
        />
      </FieldFrame>
      <SubmitButton pendingLabel="Saving…">{field ? 'Save field' : 'Add field'}</SubmitButton>
    </form>
  );
}

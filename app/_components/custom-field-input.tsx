'use client';

import { useState } from 'react';
import { controlClass, describedBy } from '@/app/_components/field-frame';
import type { CustomField } from '@/lib/settings';

/**
 * One of the school's custom fields on a form (incident, action, pupil information),
 * posted as `cf_<field id>`. A multiple-choice dropdown posts its ticks as one
 * comma-separated field, always present, so that unticking every option is
 * sent as a choice too (checkboxes would send nothing, and only the last of
 * several same-named fields reaches the action).
 */
export function CustomFieldInput({ field, value, errors }: { field: CustomField; value: string; errors?: string[] }) {
  const id = `field-cf_${field.id}`;
  const name = `cf_${field.id}`;
  const label = `${field.label}${field.required ? '' : ' (optional)'}`;
  const error = errors?.length ? (
    <p id={`${id}-error`} className="mt-1 text-sm font-medium text-rose-700">
      {errors.join(' ')}
    </p>
  ) : null;
  if (field.kind === 'dropdown' && field.multiple)
    return <MultipleChoice field={field} value={value} label={label} error={error} />;
  const common = {
    id,
    name,
    defaultValue: value,
    'aria-invalid': errors?.length ? true : undefined,
    'aria-describedby': describedBy(id, undefined, errors),
    className: controlClass(errors),
  };
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {field.kind === 'dropdown' ? (
        <select {...common}>
          <option value="">Choose…</option>
          {field.options.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      ) : field.kind === 'multiline' ? (
        <textarea {...common} rows={3} maxLength={5000} />
      ) : (
        <input
          {...common}
          type={field.kind === 'date' ? 'date' : field.kind === 'datetime' ? 'datetime-local' : 'text'}
          maxLength={500}
        />
      )}
      {error}
    </div>
  );
}

function MultipleChoice({
  field,
  value,
  label,
  error,
}: {
  field: CustomField;
  value: string;
  label: string;
  error: React.ReactNode;
}) {
  const [chosen, setChosen] = useState<string[]>(value.split(',').filter((v) => field.options.includes(v)));
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-800">{label}</legend>
      <input type="hidden" name={`cf_${field.id}`} value={chosen.join(',')} />
      <div className="mt-2 flex flex-wrap gap-2">
        {field.options.map((o) => (
          <label key={o} className="flex min-h-11 items-center gap-2 rounded-lg border border-slate-200 bg-white px-3">
            <input
              type="checkbox"
              checked={chosen.includes(o)}
              onChange={(e) => setChosen((all) => (e.target.checked ? [...all, o] : all.filter((x) => x !== o)))}
              className="size-5 accent-brand-600"
            />
            {o}
          </label>
        ))}
      </div>
      {error}
    </fieldset>
  );
}

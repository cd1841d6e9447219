'use client';

import type { ReactNode } from 'react';
import type { BuiltInField, FormFieldRef } from '@/lib/settings';
import { CustomFieldBlock } from '../new/category-gate';

/**
 * The fields of an action form (add or edit) in the order the school's action
 * form gives, each with its advice message. `builtIns` holds what this form
 * draws for each built-in field; one it leaves out (the edit form has no
 * alerts) is skipped. Custom fields show while they apply to the incident's
 * categories (`fixed`) or ticked extra ones.
 */
export function ActionFormFields({
  form,
  builtIns,
  values,
  errors,
  ticked,
  fixed,
}: {
  form: FormFieldRef<'action'>[];
  builtIns: Partial<Record<BuiltInField<'action'>, ReactNode>>;
  /** Custom values as the form posts them (`cf_<field id>`). */
  values: Record<string, string>;
  errors: Record<string, string[]>;
  ticked: readonly string[];
  fixed: readonly string[];
}) {
  return form.map((f) => {
    if (f.kind === 'custom') {
      const key = `cf_${f.field.id}`;
      return (
        <CustomFieldBlock
          key={key}
          field={f.field}
          advice={f.advice}
          value={values[key] ?? ''}
          errors={errors[key]}
          ticked={ticked}
          fixed={fixed}
        />
      );
    }
    const body = builtIns[f.name];
    if (!body) return null;
    return (
      <div key={f.name}>
        {body}
        {f.advice ? <p className="mt-1 text-sm text-slate-600">{f.advice}</p> : null}
      </div>
    );
  });
}

/** Stored custom values as the form posts them: `cf_<field id>`, a multiple choice comma-separated. */
export function postedCustomValues(stored: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(stored).map(([id, v]) => [
      `cf_${id}`,
      Array.isArray(v) ? v.join(',') : typeof v === 'string' ? v : '',
    ]),
  );
}

/**
 * Custom field values against a form definition (incident, action or student
 * form): which are kept when a record is saved, and how recorded values are
 * labelled wherever they are shown. Lives beside the definitions so that every
 * area storing values (incidents and actions, the pupil's profile) asks the
 * same rules.
 *
 * Pure module, safe in the browser.
 */
import { z } from 'zod';
import { UserError } from '@/lib/errors';
import { customFieldsFor, customFieldsOf, type FormFieldRef, type FormKind } from './form-definition';

export type CustomValues = Record<string, string | string[]>;

/** Flat form fields → a service's input: the `cf_<field id>` fields gathered into `customFields`. */
export function gatherCustomFields(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (k.startsWith('cf_')) custom[k.slice(3)] = v;
    else out[k] = v;
  }
  if (Object.keys(custom).length > 0) out.customFields = custom;
  return out;
}

/** What a form may post for its custom fields, by field id; each value is then checked by kind. */
export const customFieldValuesInput = z.record(
  z.string().max(64),
  z.union([z.string().max(5000), z.array(z.string().max(200)).max(100)]),
);

/**
 * Values submitted for the fields that apply to the chosen categories (on the
 * student form: all of them): values of fields that do not apply are ignored,
 * required ones must be filled, a dropdown takes only its options, dates must
 * be dates. Field errors are keyed `cf_<field id>`, as the forms post them.
 */
export function validateCustomFields(
  form: readonly FormFieldRef<FormKind>[],
  categoryIds: readonly string[],
  values: CustomValues,
): CustomValues {
  const errors: Record<string, string[]> = {};
  const out: CustomValues = {};
  for (const field of customFieldsFor(form, categoryIds)) {
    const raw = values[field.id];
    const list = (
      Array.isArray(raw)
        ? raw
        : raw === undefined
          ? []
          : field.kind === 'dropdown' && field.multiple
            ? raw.split(',')
            : [raw]
    )
      .map((v) => v.trim())
      .filter(Boolean);
    const key = `cf_${field.id}`;
    if (list.length === 0) {
      if (field.required)
        errors[key] = [
          field.kind === 'dropdown' ? `Choose an option for “${field.label}”.` : `Fill in “${field.label}”.`,
        ];
      continue;
    }
    if (field.kind === 'dropdown') {
      if (list.some((v) => !field.options.includes(v))) errors[key] = ['Choose from the list.'];
      else if (!field.multiple && list.length > 1) errors[key] = ['Choose one option.'];
      else out[field.id] = field.multiple ? list : list[0]!;
    } else if (field.kind === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(list[0]!)) {
      errors[key] = ['Enter a date.'];
    } else if (field.kind === 'datetime' && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(list[0]!)) {
      errors[key] = ['Enter a date and time.'];
    } else {
      const text = list.join('\n');
      if (field.kind === 'text' && text.length > 500) errors[key] = ['Keep it under 500 characters.'];
      else out[field.id] = text;
    }
  }
  if (Object.keys(errors).length > 0) throw new UserError('Please correct the highlighted fields.', errors);
  return out;
}

/**
 * The values a record holds after an edit: the fields its form offers now are
 * validated as when adding (and replaced, so a field emptied or no longer
 * applying to the chosen categories loses its value, kept in the history);
 * values of deleted (retired) fields and of fields the definition no longer
 * has at all stay, since no form could show them to be changed. Absent
 * submitted values (a caller with no custom fields) leave the record as it was.
 */
export function customValuesAfterEdit(
  form: readonly FormFieldRef<FormKind>[],
  categoryIds: readonly string[],
  current: Record<string, unknown>,
  submitted: CustomValues | undefined,
): Record<string, unknown> {
  if (submitted === undefined) return current;
  const offered = new Set(
    customFieldsOf(form)
      .filter((f) => !f.retired)
      .map((f) => f.id),
  );
  const kept = Object.fromEntries(Object.entries(current).filter(([id]) => !offered.has(id)));
  return { ...kept, ...validateCustomFields(form, categoryIds, submitted) };
}

/**
 * Recorded values as [label, value], in the form's order. A deleted (retired)
 * field keeps its label; a value whose field the definition does not have at
 * all cannot be labelled and is not shown (it stays in storage).
 */
export function customFieldRows(
  values: Record<string, unknown>,
  fields: readonly { id: string; label: string }[],
): [label: string, value: string][] {
  const own = fields.flatMap((f): [string, string][] => {
    const v = values[f.id];
    if (Array.isArray(v)) return v.length > 0 ? [[f.label, v.map(String).join(', ')]] : [];
    return typeof v === 'string' && v !== '' ? [[f.label, v]] : [];
  });
  // Values brought from another school's form (transfers), kept as text under their label, after this school's.
  const brought = Object.entries(values).flatMap(([key, v]): [string, string][] =>
    key.startsWith(TRANSFERRED_FIELD_PREFIX) && typeof v === 'string' && v !== ''
      ? [[key.slice(TRANSFERRED_FIELD_PREFIX.length), v]]
      : [],
  );
  return [...own, ...brought];
}

/**
 * The key a value brought from another school's form is kept under (as text):
 * the receiving school's form has none of the sending school's fields.
 */
export const TRANSFERRED_FIELD_PREFIX = 'transferred:';

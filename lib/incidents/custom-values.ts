/**
 * Custom field values against the school's form definition: only fields that
 * apply to the chosen categories are kept, required ones must be filled, a
 * dropdown takes only its options, dates must be dates.
 *
 * Pure module.
 */
import { UserError } from '@/lib/errors';
import { customFieldsFor, type FormFieldRef } from '@/lib/settings/form-definition';

export function validateCustomFields(
  form: readonly FormFieldRef[],
  categoryIds: readonly string[],
  values: Record<string, string | string[]>,
): Record<string, string | string[]> {
  const errors: Record<string, string[]> = {};
  const out: Record<string, string | string[]> = {};
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

/**
 * The Custom report's choices that only the school can judge: the pupil
 * filters' monitored categories (those whose pupils the runner may see) and
 * the pupil form's dropdown fields, and the incident form's dropdown fields
 * as filters. form.ts checks their shape; here an id the school's lists do
 * not hold (another school's, a deleted field's, one the runner may not see)
 * or an option its field lacks is refused beside its field, with what was
 * typed kept, and nothing runs. A definition run later (a saved report) is
 * safe without this: a forged id matches nothing in SQL.
 */
import 'server-only';
import type { Tx } from '@/db/scoped';
import type { AccessSubject } from '@/lib/access';
import { customFieldsOf } from '@/lib/settings/form-definition';
import type { UserCtx } from '@/lib/tenancy/context';
import { incidentFieldName, type CustomReportErrors, type CustomReportForm } from './form';
import { customFilterName, type PupilCustomField } from './pupil-filters';
import { monitoredFilterCategories, pupilFilterOptions, type PupilFilterOptions } from './pupil-filters-sql';

/** A dropdown field of the incident form offered as a filter. */
export interface IncidentFieldFilter {
  id: string;
  label: string;
  options: readonly string[];
}

export interface KnownFilters {
  /** Categories whose monitored pupils the runner may see, in the school's order. */
  pupilCategories: { id: string; name: string; parentId: string | null }[];
  /** The pupil filters' lists (values the runner's pupils hold, the pupil form's dropdown fields). */
  pupilOptions: PupilFilterOptions;
  incidentFields: IncidentFieldFilter[];
}

/** The incident form's dropdown fields in use, with options: a deleted field is no longer offered. */
export function incidentFilterFields(ctx: UserCtx): IncidentFieldFilter[] {
  return customFieldsOf(ctx.school.settings.incidentForm)
    .filter((f) => f.kind === 'dropdown' && !f.retired && f.options.length > 0)
    .map((f) => ({ id: f.id, label: f.label, options: f.options }));
}

/** Every custom field's label of the incident and pupil forms (deleted ones too), by id: for a file's head. */
export function schoolFieldLabels(ctx: UserCtx): Map<string, string> {
  const { incidentForm, studentForm } = ctx.school.settings;
  return new Map([...customFieldsOf(incidentForm), ...customFieldsOf(studentForm)].map((f) => [f.id, f.label]));
}

export async function knownFilters(tx: Tx, ctx: UserCtx, subject: AccessSubject): Promise<KnownFilters> {
  return {
    pupilCategories: await monitoredFilterCategories(tx, subject),
    pupilOptions: await pupilFilterOptions(tx, subject, ctx.school),
    incidentFields: incidentFilterFields(ctx),
  };
}

function fieldErrors(
  chosen: Record<string, readonly string[]>,
  fields: readonly { id: string; label: string; options: readonly string[] }[],
  nameOf: (id: string) => keyof CustomReportErrors,
): CustomReportErrors {
  const byId = new Map(fields.map((f) => [f.id, f]));
  const errors: CustomReportErrors = {};
  for (const [id, values] of Object.entries(chosen)) {
    const field = byId.get(id);
    const typed = values.filter((v) => v !== '');
    if (typed.length === 0) continue;
    if (!field) errors[nameOf(id)] = ['This field is not on the school’s form: choose a field from the list.'];
    else if (typed.some((v) => !field.options.includes(v)))
      errors[nameOf(id)] = [`Choose ${field.label} options from the list.`];
  }
  return errors;
}

/** The form with any unknown choice answered beside its field (and no definition), or as it was. */
export function withKnownFilters(form: CustomReportForm, known: KnownFilters): CustomReportForm {
  const { pupils, incidentFields } = form.values;
  const allowed = new Set(known.pupilCategories.map((c) => c.id));
  const pupilFields: readonly PupilCustomField[] = known.pupilOptions.customFields;
  const errors: CustomReportErrors = {
    ...(pupils.monitoredCategory.some((id) => !allowed.has(id))
      ? { monitoredCategory: ['Choose categories from the list.'] }
      : {}),
    ...fieldErrors(
      Object.fromEntries(Object.entries(pupils.custom).map(([id, v]) => [id, [v]])),
      pupilFields,
      customFilterName,
    ),
    ...fieldErrors(incidentFields, known.incidentFields, incidentFieldName),
  };
  if (Object.keys(errors).length === 0) return form;
  return { ...form, definition: null, studentDefinition: null, fieldErrors: { ...form.fieldErrors, ...errors } };
}

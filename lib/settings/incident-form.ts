/**
 * The incident form as a definition: the order of its fields, an advice
 * message under any of them, and the school's custom fields. The add-incident
 * page renders whatever this says, so the form builder (administration) only
 * edits the definition; stored in the school's settings, so an old school
 * without one gets the default.
 *
 * Pure module, safe in the browser.
 */
import { z } from 'zod';

export const BUILT_IN_INCIDENT_FIELDS = [
  'student',
  'text',
  'categories',
  'linkedStudents',
  'maps',
  'occurredAt',
  'status',
  'assignee',
  'alerts',
  'agencies',
] as const;
export type BuiltInIncidentField = (typeof BUILT_IN_INCIDENT_FIELDS)[number];

const customFieldSchema = z.object({
  id: z.uuid(),
  label: z.string().trim().min(1).max(80),
  kind: z.enum(['text', 'multiline', 'dropdown', 'date', 'datetime']),
  options: z.array(z.string().trim().min(1).max(80)).max(100).default([]),
  multiple: z.boolean().default(false),
  required: z.boolean().default(false),
  /** Shown only when one of these categories is ticked; empty = always. */
  categoryIds: z.array(z.uuid()).default([]),
});
export type CustomField = z.infer<typeof customFieldSchema>;

const fieldRefSchema = z.union([
  z.object({
    kind: z.literal('built-in'),
    name: z.enum(BUILT_IN_INCIDENT_FIELDS),
    advice: z.string().max(300).default(''),
  }),
  z.object({ kind: z.literal('custom'), field: customFieldSchema, advice: z.string().max(300).default('') }),
]);
export type FormFieldRef = z.infer<typeof fieldRefSchema>;

export const DEFAULT_INCIDENT_FORM: FormFieldRef[] = BUILT_IN_INCIDENT_FIELDS.map((name) => ({
  kind: 'built-in',
  name,
  advice: '',
}));

/**
 * A stored definition, repaired: every built-in field appears exactly once
 * (a definition that lost one gets it back at the end), so no form can lose
 * the pupil, the text or the categories.
 */
export const incidentFormSchema = z
  .array(fieldRefSchema)
  .max(60)
  .transform((fields) => {
    const seen = new Set<string>();
    const out: FormFieldRef[] = [];
    for (const f of fields) {
      const key = f.kind === 'built-in' ? f.name : `custom:${f.field.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(f);
    }
    for (const name of BUILT_IN_INCIDENT_FIELDS) if (!seen.has(name)) out.push({ kind: 'built-in', name, advice: '' });
    return out;
  });

export function customFieldsOf(form: readonly FormFieldRef[]): CustomField[] {
  return form.flatMap((f) => (f.kind === 'custom' ? [f.field] : []));
}

/** Custom fields that apply to an incident with these categories. */
export function customFieldsFor(form: readonly FormFieldRef[], categoryIds: readonly string[]): CustomField[] {
  const chosen = new Set(categoryIds);
  return customFieldsOf(form).filter((f) => f.categoryIds.length === 0 || f.categoryIds.some((c) => chosen.has(c)));
}

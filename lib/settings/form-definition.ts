/**
 * The school's three forms — incident, action and student ("Edit
 * information") — as definitions: the order of their fields, an advice
 * message under any of them, and the school's custom fields. The pages render
 * whatever a definition says, so the form builder (administration) only edits
 * definitions; they are stored in the school's settings, so an old school
 * without one gets the default.
 *
 * A deleted custom field is kept in its definition, marked `retired`: values
 * already recorded keep their label in the record, its history and its PDF,
 * while no form shows the field again.
 *
 * Pure module, safe in the browser.
 */
import { z } from 'zod';

export const FORM_KINDS = ['incident', 'action', 'student'] as const;
export type FormKind = (typeof FORM_KINDS)[number];

/** The fields each form always has, in their default order. */
export const BUILT_IN_FIELDS = {
  incident: [
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
  ],
  action: ['text', 'categories', 'occurredAt', 'alerts', 'alertIncidentRecipients', 'toLinkedPupils', 'agencies'],
  student: ['summary', 'keywords', 'agencies'],
} as const satisfies Record<FormKind, readonly string[]>;

export const BUILT_IN_INCIDENT_FIELDS = BUILT_IN_FIELDS.incident;
export type BuiltInIncidentField = (typeof BUILT_IN_INCIDENT_FIELDS)[number];
export type BuiltInField<K extends FormKind = FormKind> = (typeof BUILT_IN_FIELDS)[K][number];

export const CUSTOM_FIELD_KINDS = ['dropdown', 'text', 'multiline', 'date', 'datetime'] as const;
export type CustomFieldKind = (typeof CUSTOM_FIELD_KINDS)[number];

export const customFieldSchema = z.object({
  id: z.uuid(),
  label: z.string().trim().min(1).max(80),
  kind: z.enum(CUSTOM_FIELD_KINDS),
  options: z.array(z.string().trim().min(1).max(80)).max(100).default([]),
  multiple: z.boolean().default(false),
  /** "Enforce an option is chosen" for a dropdown; "must be filled in" otherwise. */
  required: z.boolean().default(false),
  /** Shown only when one of these categories is ticked; empty = always. Always empty on the student form. */
  categoryIds: z.array(z.uuid()).default([]),
  /** Deleted: kept so recorded values keep their label; never shown on a form again. */
  retired: z.boolean().default(false),
});
export type CustomField = z.infer<typeof customFieldSchema>;

const fieldRefSchema = z.union([
  z.object({
    kind: z.literal('built-in'),
    name: z.string().max(40),
    advice: z.string().max(300).default(''),
  }),
  z.object({ kind: z.literal('custom'), field: customFieldSchema, advice: z.string().max(300).default('') }),
]);

/** One entry of a form: a built-in field (named) or a custom one, with its advice message. */
export type FormFieldRef<K extends FormKind = 'incident'> =
  { kind: 'built-in'; name: BuiltInField<K>; advice: string } | { kind: 'custom'; field: CustomField; advice: string };

export function defaultForm<K extends FormKind>(kind: K): FormFieldRef<K>[] {
  return (BUILT_IN_FIELDS[kind] as readonly BuiltInField<K>[]).map((name) => ({ kind: 'built-in', name, advice: '' }));
}

export const DEFAULT_INCIDENT_FORM: FormFieldRef<'incident'>[] = defaultForm('incident');

/**
 * A stored definition, repaired: every built-in field of that form appears
 * exactly once (a definition that lost one gets it back at the end; a name
 * the form does not have is dropped), so no form can lose the pupil, the text
 * or the categories.
 */
export function formSchema<K extends FormKind>(kind: K) {
  const builtIns = BUILT_IN_FIELDS[kind] as readonly string[];
  return z
    .array(fieldRefSchema)
    .max(80)
    .transform((fields): FormFieldRef<K>[] => {
      const seen = new Set<string>();
      const out: FormFieldRef<K>[] = [];
      for (const f of fields) {
        if (f.kind === 'built-in' && !builtIns.includes(f.name)) continue;
        const key = f.kind === 'built-in' ? f.name : `custom:${f.field.id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(
          f.kind === 'built-in'
            ? { kind: 'built-in', name: f.name as BuiltInField<K>, advice: f.advice }
            : { ...f, field: kind === 'student' ? { ...f.field, categoryIds: [] } : f.field },
        );
      }
      for (const name of builtIns)
        if (!seen.has(name)) out.push({ kind: 'built-in', name: name as BuiltInField<K>, advice: '' });
      return out;
    });
}

export const incidentFormSchema = formSchema('incident');

/** The entries a form shows: everything but deleted custom fields. */
export function shownFields<K extends FormKind>(form: readonly FormFieldRef<K>[]): FormFieldRef<K>[] {
  return form.filter((f) => f.kind === 'built-in' || !f.field.retired);
}

/** Every custom field the form has ever had, deleted ones included: the labels of recorded values. */
export function customFieldsOf(form: readonly FormFieldRef<FormKind>[]): CustomField[] {
  return form.flatMap((f) => (f.kind === 'custom' ? [f.field] : []));
}

/**
 * The labels for the values incidents and actions hold. Each record's own
 * form comes first; the other record form's fields follow, because merging an
 * incident into another makes it an action and an action can become an
 * incident, and the values they carry keep the other form's field ids. Fields
 * are never shared between forms, so a value is labelled by the form that
 * recorded it.
 */
export function recordFieldLabels(forms: {
  incidentForm: readonly FormFieldRef<FormKind>[];
  actionForm: readonly FormFieldRef<FormKind>[];
}): { incidentFields: CustomField[]; actionFields: CustomField[] } {
  const incident = customFieldsOf(forms.incidentForm);
  const action = customFieldsOf(forms.actionForm);
  const plus = (own: CustomField[], other: CustomField[]) => {
    const ids = new Set(own.map((f) => f.id));
    return [...own, ...other.filter((f) => !ids.has(f.id))];
  };
  return { incidentFields: plus(incident, action), actionFields: plus(action, incident) };
}

/** Custom fields a record with these categories asks for now (deleted ones never). */
export function customFieldsFor(
  form: readonly FormFieldRef<FormKind>[],
  categoryIds: readonly string[],
): CustomField[] {
  const chosen = new Set(categoryIds);
  return customFieldsOf(form).filter(
    (f) => !f.retired && (f.categoryIds.length === 0 || f.categoryIds.some((c) => chosen.has(c))),
  );
}

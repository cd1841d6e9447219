/**
 * zod inputs of Admin → Form builder (strict, like every admin input). The
 * server action parses the form's strings and the service parses again, so
 * every field also accepts what a first parse produced (a list, a boolean).
 * Pure module.
 */
import { z } from 'zod';
import { CUSTOM_FIELD_KINDS, FORM_KINDS } from '@/lib/settings/form-definition';

export const STALE_FORM = 'Someone changed this form since you opened it — reload the page to see their change.';

const form = z.enum(FORM_KINDS, { error: 'Choose the incident, action or student form.' });
/** The version the editor was opened at (form-builder-service.ts `formVersion`). */
const version = z.string({ error: STALE_FORM }).regex(/^[0-9a-f]{16}$/, STALE_FORM);
/** A field of the form: a built-in field's name or a custom field's id. */
const entry = z
  .string({ error: 'That field could not be found.' })
  .regex(/^(?:[a-zA-Z]{1,40}|[0-9a-f-]{36})$/, 'That field could not be found.');
const fieldId = z.uuid('That field could not be found.');

/** A checkbox: 'on' when ticked, absent when not (a real boolean passes through). */
const tick = z
  .union([z.boolean(), z.literal('on')], { error: 'Tick the box or leave it empty.' })
  .optional()
  .transform((v) => v === true || v === 'on');

const advice = z
  .string()
  .max(2000, 'Use at most 300 characters.')
  .optional()
  .transform((s) => (s ?? '').trim().replace(/\r\n/g, '\n'))
  .pipe(z.string().max(300, 'Use at most 300 characters.'));

const label = z
  .string({ error: 'Give the field a name.' })
  .max(2000, 'Use at most 80 characters.')
  .transform((s) => s.trim().replace(/\s+/g, ' '))
  .pipe(z.string().min(1, 'Give the field a name.').max(80, 'Use at most 80 characters.'));

/** A dropdown's options, typed one per line (or already a list). */
const options = z
  .union([z.string().max(20000, 'Too many options.'), z.array(z.string().max(2000))])
  .optional()
  .transform((v) =>
    (Array.isArray(v) ? v : (v ?? '').split(/\r?\n/)).map((o) => o.trim().replace(/\s+/g, ' ')).filter(Boolean),
  )
  .superRefine((list, ctx) => {
    const long = list.filter((o) => o.length > 80);
    if (long.length > 0)
      ctx.addIssue({ code: 'custom', message: `Keep each option to 80 characters: “${long[0]!.slice(0, 30)}…”.` });
    if (list.length > 100) ctx.addIssue({ code: 'custom', message: 'At most 100 options.' });
    const seen = new Set<string>();
    const twice = list.filter((o) => {
      const key = o.toLowerCase();
      if (seen.has(key)) return true;
      seen.add(key);
      return false;
    });
    if (twice.length > 0)
      ctx.addIssue({ code: 'custom', message: `List each option once: “${twice[0]}” is there twice.` });
  });

/** Ticked categories, joined with commas by the action wrapper (or already a list). */
const categoryIds = z
  .union([z.string().max(20000), z.array(z.string().max(100))])
  .optional()
  .transform((v) => [...new Set((Array.isArray(v) ? v : (v ?? '').split(',')).map((s) => s.trim()).filter(Boolean))])
  .pipe(z.array(z.uuid('That category could not be found.')).max(200, 'Too many categories.'));

const customFieldShape = {
  form,
  version,
  label,
  kind: z.enum(CUSTOM_FIELD_KINDS, { error: 'Choose what kind of field it is.' }),
  options,
  multiple: tick,
  required: tick,
  categoryIds,
  advice,
};

/** Only a dropdown has options and "allow multiple"; it needs at least one option. */
function dropdownRules<T extends { kind: string; options: string[]; multiple: boolean }>(
  data: T,
  ctx: z.RefinementCtx,
) {
  if (data.kind === 'dropdown' && data.options.length === 0)
    ctx.addIssue({
      code: 'custom',
      path: ['options'],
      message: 'Give the dropdown at least one option, one per line.',
    });
}
const onlyDropdownsHaveOptions = <T extends { kind: string; options: string[]; multiple: boolean }>(data: T): T =>
  data.kind === 'dropdown' ? data : { ...data, options: [], multiple: false };

export const addCustomFieldInput = z
  .strictObject(customFieldShape)
  .superRefine(dropdownRules)
  .transform(onlyDropdownsHaveOptions);
export const editCustomFieldInput = z
  .strictObject({ ...customFieldShape, fieldId })
  .superRefine(dropdownRules)
  .transform(onlyDropdownsHaveOptions);
export const deleteCustomFieldInput = z.strictObject({ form, version, fieldId });

/** Up, down (the buttons) or a place in the list as shown (drag and drop; 0 is the top). */
export const moveFieldInput = z.strictObject({
  form,
  version,
  entry,
  to: z.union([z.enum(['up', 'down']), z.coerce.number().int().min(0).max(200)], {
    error: 'Move the field up or down.',
  }),
});

export const fieldAdviceInput = z.strictObject({ form, version, entry, advice });

export type AddCustomFieldInput = z.output<typeof addCustomFieldInput>;

/**
 * Admin → Form builder: the order of the incident, action and student forms'
 * fields, an advice message under any of them, and the school's custom fields
 * (lib/settings/form-definition.ts holds the definitions; the pages render
 * them).
 *
 * Every edit names the version of the form it was made against (a hash of the
 * stored definition); the school's row is locked, the definition re-read, and
 * a different version is refused — two administrators never overwrite each
 * other silently. Only that form's key of the settings document is written
 * (jsonb_set), so a settings save in another tab cannot drop it, nor it a
 * setting.
 *
 * Values already recorded stay in their records whatever happens here: a
 * deleted field is kept, retired, so they keep their label; a removed option
 * stays on the records that chose it. Because a value is stored as the kind
 * made it (a date, a line of text, an option or a list of them), a field with
 * recorded values keeps its kind and its "allow multiple" — except text and
 * multiline text, which store the same thing. To collect something else,
 * delete the field and add a new one.
 */
import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import {
  actionVersions,
  auditLog,
  categories,
  incidentActions,
  incidents,
  incidentVersions,
  schools,
  studentProfiles,
} from '@/db/schema';
import { NotFoundError, UserError } from '@/lib/errors';
import {
  formSchema,
  shownFields,
  type CustomField,
  type FormFieldRef,
  type FormKind,
} from '@/lib/settings/form-definition';
import { readSchoolSettings } from '@/lib/settings/school-settings';
import type { Ctx, UserCtx } from '@/lib/tenancy/context';
import { recordAdminEvent, type AdminAction } from '@/lib/audit/admin-events';
import {
  STALE_FORM,
  addCustomFieldInput,
  deleteCustomFieldInput,
  editCustomFieldInput,
  fieldAdviceInput,
  moveFieldInput,
  type AddCustomFieldInput,
} from './form-builder-schema';
import { requireAdmin } from './guard';

const CORRECT_FIELDS = 'Please correct the highlighted fields.';
const NO_CATEGORIES_ON_STUDENT = 'Fields on the student form appear for every pupil; they have no categories.';

type Entry = FormFieldRef<FormKind>;

/** The settings key each form is stored under. */
export const FORM_SETTING = { incident: 'incidentForm', action: 'actionForm', student: 'studentForm' } as const;

/** The version an edit must name: a hash of the definition as it is read (so a school without one has one too). */
export function formVersion(form: readonly Entry[]): string {
  return createHash('sha256').update(JSON.stringify(form)).digest('hex').slice(0, 16);
}

const entryKey = (e: Entry) => (e.kind === 'built-in' ? e.name : e.field.id);

/** A field the form shows; a retired (deleted) field, or another school's, is not found. */
function findShown(form: readonly Entry[], key: string): number {
  const i = form.findIndex((e) => entryKey(e) === key && (e.kind === 'built-in' || !e.field.retired));
  if (i < 0) throw new NotFoundError('field');
  return i;
}

async function readFormLocked(tx: Tx, schoolId: string, kind: FormKind): Promise<Entry[]> {
  const [row] = await tx
    .select({ settings: schools.settings })
    .from(schools)
    .where(eq(schools.id, schoolId))
    .for('update');
  if (!row) throw new NotFoundError('school');
  return readSchoolSettings(row.settings)[FORM_SETTING[kind]] as Entry[];
}

interface Change {
  next: Entry[];
  action: AdminAction;
  details: Record<string, unknown>;
}

/**
 * Lock, check the version, apply, write the one key and the audit row, all in
 * one transaction: a refusal anywhere leaves the stored form as it was.
 */
async function changeForm(
  ctx: UserCtx,
  kind: FormKind,
  version: string,
  now: Date,
  apply: (form: Entry[], tx: Tx) => Promise<Change | null>,
): Promise<void> {
  await ctx.run(async (tx) => {
    const form = await readFormLocked(tx, ctx.school.id, kind);
    if (formVersion(form) !== version) throw new UserError(STALE_FORM);
    const change = await apply(form, tx);
    if (!change) return;
    // Parsed again so nothing the definition's own rules refuse is ever stored.
    const next = formSchema(kind).parse(change.next);
    await tx
      .update(schools)
      .set({
        settings: sql`jsonb_set(coalesce(${schools.settings}, '{}'::jsonb), ${`{${FORM_SETTING[kind]}}`}::text[], ${JSON.stringify(next)}::jsonb, true)`,
        updatedAt: now,
      })
      .where(eq(schools.id, ctx.school.id));
    await recordAdminEvent(tx, ctx, {
      action: change.action,
      entityType: 'school',
      entityId: ctx.school.id,
      details: { form: kind, ...change.details },
      at: now,
    });
  });
}

/** Up or down past the next shown field, or to a place in the list as shown; deleted fields keep to the end. */
export async function moveFormField(ctx: Ctx, input: unknown, now = new Date()): Promise<void> {
  requireAdmin(ctx);
  const data = moveFieldInput.parse(input);
  await changeForm(ctx, data.form, data.version, now, async (form) => {
    findShown(form, data.entry);
    const shown = shownFields(form);
    const from = shown.findIndex((e) => entryKey(e) === data.entry);
    const to = data.to === 'up' ? from - 1 : data.to === 'down' ? from + 1 : Math.min(data.to, shown.length - 1);
    if (to < 0 || to >= shown.length || to === from) return null;
    const [moved] = shown.splice(from, 1);
    shown.splice(to, 0, moved!);
    const retired = form.filter((e) => !shown.includes(e));
    return {
      next: [...shown, ...retired],
      action: 'admin.form_field_moved',
      details: { field: describe(moved!), from: from + 1, to: to + 1 },
    };
  });
}

export async function setFieldAdvice(ctx: Ctx, input: unknown, now = new Date()): Promise<void> {
  requireAdmin(ctx);
  const data = fieldAdviceInput.parse(input);
  await changeForm(ctx, data.form, data.version, now, async (form) => {
    const i = findShown(form, data.entry);
    const before = form[i]!;
    if (before.advice === data.advice) return null;
    const next = [...form];
    next[i] = { ...before, advice: data.advice };
    return {
      next,
      action: 'admin.form_advice_changed',
      details: { field: describe(before), before: before.advice, after: data.advice },
    };
  });
}

export async function addCustomField(ctx: Ctx, input: unknown, now = new Date()): Promise<{ fieldId: string }> {
  requireAdmin(ctx);
  const data = addCustomFieldInput.parse(input);
  const fieldId = randomUUID();
  await changeForm(ctx, data.form, data.version, now, async (form, tx) => {
    await checkCategories(tx, ctx.school.id, data);
    const field = fieldOf(fieldId, data);
    const shown = shownFields(form);
    const retired = form.filter((e) => !shown.includes(e));
    return {
      next: [...shown, { kind: 'custom', field, advice: data.advice }, ...retired],
      action: 'admin.form_field_added',
      details: { field: fieldSummary(field), advice: data.advice },
    };
  });
  return { fieldId };
}

export async function editCustomField(ctx: Ctx, input: unknown, now = new Date()): Promise<void> {
  requireAdmin(ctx);
  const data = editCustomFieldInput.parse(input);
  await changeForm(ctx, data.form, data.version, now, async (form, tx) => {
    const i = findShown(form, data.fieldId);
    const before = form[i]!;
    if (before.kind !== 'custom') throw new NotFoundError('field');
    await checkCategories(tx, ctx.school.id, data);
    const field = fieldOf(data.fieldId, data);
    const old = before.field;
    const kindChanged = old.kind !== field.kind && !(isText(old.kind) && isText(field.kind));
    if (
      (kindChanged || old.multiple !== field.multiple) &&
      (await hasRecordedValues(tx, ctx.school.id, data.form, old.id))
    )
      throw new UserError(CORRECT_FIELDS, {
        [kindChanged ? 'kind' : 'multiple']: [
          `Values are already recorded in this field, so it stays ${kindChanged ? `a ${KIND_NAMES[old.kind]} field` : old.multiple ? 'a dropdown that allows several options' : 'a dropdown of one option'}. To collect something different, delete it (recorded values keep it) and add a new field.`,
        ],
      });
    if (JSON.stringify(old) === JSON.stringify(field) && before.advice === data.advice) return null;
    const next = [...form];
    next[i] = { kind: 'custom', field, advice: data.advice };
    return {
      next,
      action: 'admin.form_field_changed',
      details: {
        before: { ...fieldSummary(old), advice: before.advice },
        after: { ...fieldSummary(field), advice: data.advice },
      },
    };
  });
}

/** Retired, never removed: recorded values keep their label in the record, its history and its PDF. */
export async function deleteCustomField(ctx: Ctx, input: unknown, now = new Date()): Promise<void> {
  requireAdmin(ctx);
  const data = deleteCustomFieldInput.parse(input);
  await changeForm(ctx, data.form, data.version, now, async (form) => {
    const i = findShown(form, data.fieldId);
    const before = form[i]!;
    if (before.kind !== 'custom') throw new NotFoundError('field');
    const next = [...form];
    next[i] = { ...before, field: { ...before.field, retired: true } };
    return { next, action: 'admin.form_field_deleted', details: { field: fieldSummary(before.field) } };
  });
}

export const KIND_NAMES = {
  dropdown: 'dropdown',
  text: 'text',
  multiline: 'multiline text',
  date: 'date',
  datetime: 'date and time',
} as const satisfies Record<CustomField['kind'], string>;

const isText = (k: CustomField['kind']) => k === 'text' || k === 'multiline';

function fieldOf(id: string, data: AddCustomFieldInput): CustomField {
  return {
    id,
    label: data.label,
    kind: data.kind,
    options: data.options,
    multiple: data.multiple,
    required: data.required,
    categoryIds: data.categoryIds,
    retired: false,
  };
}

const fieldSummary = (f: CustomField) => ({
  id: f.id,
  label: f.label,
  kind: f.kind,
  options: f.options,
  multiple: f.multiple,
  required: f.required,
  categoryIds: f.categoryIds,
});

const describe = (e: Entry) => (e.kind === 'built-in' ? e.name : { id: e.field.id, label: e.field.label });

/** Every category must be this school's; the student form's fields have none. */
async function checkCategories(tx: Tx, schoolId: string, data: AddCustomFieldInput): Promise<void> {
  if (data.categoryIds.length === 0) return;
  if (data.form === 'student') throw new UserError(CORRECT_FIELDS, { categoryIds: [NO_CATEGORIES_ON_STUDENT] });
  const found = await tx
    .select({ id: categories.id })
    .from(categories)
    .where(and(eq(categories.schoolId, schoolId), inArray(categories.id, data.categoryIds)));
  if (found.length !== data.categoryIds.length)
    throw new UserError(CORRECT_FIELDS, { categoryIds: ['That category could not be found.'] });
}

/** True when any record, current or in its history, holds a value for the field. */
async function hasRecordedValues(tx: Tx, schoolId: string, kind: FormKind, fieldId: string): Promise<boolean> {
  // The student form's values are stored with the pupil's profile; their
  // history is in the profile's audit rows (before and after each save).
  if (kind === 'student') {
    const [profile, history] = await Promise.all([
      tx
        .select({ one: sql`1` })
        .from(studentProfiles)
        .where(and(eq(studentProfiles.schoolId, schoolId), sql`${studentProfiles.customFields} ? ${fieldId}`))
        .limit(1),
      tx
        .select({ one: sql`1` })
        .from(auditLog)
        .where(
          and(
            eq(auditLog.schoolId, schoolId),
            eq(auditLog.action, 'student.profile_updated'),
            sql`(${auditLog.details}->'before'->'customFields' ? ${fieldId} or ${auditLog.details}->'after'->'customFields' ? ${fieldId})`,
          ),
        )
        .limit(1),
    ]);
    return profile.length > 0 || history.length > 0;
  }
  const [rows, versions] =
    kind === 'incident'
      ? [
          tx
            .select({ one: sql`1` })
            .from(incidents)
            .where(and(eq(incidents.schoolId, schoolId), sql`${incidents.customFields} ? ${fieldId}`))
            .limit(1),
          tx
            .select({ one: sql`1` })
            .from(incidentVersions)
            .where(
              and(
                eq(incidentVersions.schoolId, schoolId),
                sql`${incidentVersions.snapshot}->'customFields' ? ${fieldId}`,
              ),
            )
            .limit(1),
        ]
      : [
          tx
            .select({ one: sql`1` })
            .from(incidentActions)
            .where(and(eq(incidentActions.schoolId, schoolId), sql`${incidentActions.customFields} ? ${fieldId}`))
            .limit(1),
          tx
            .select({ one: sql`1` })
            .from(actionVersions)
            .where(
              and(eq(actionVersions.schoolId, schoolId), sql`${actionVersions.snapshot}->'customFields' ? ${fieldId}`),
            )
            .limit(1),
        ];
  return (await rows).length > 0 || (await versions).length > 0;
}

/** What Admin → Form builder shows: one form's fields in order, its version, and the categories a field may name. */
import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { categories } from '@/db/schema';
import { shownFields, type CustomField, type FormFieldRef, type FormKind } from '@/lib/settings/form-definition';
import type { Ctx } from '@/lib/tenancy/context';
import { FORM_SETTING, KIND_NAMES, formVersion } from './form-builder-service';
import { requireAdmin } from './guard';

/** The built-in fields as their forms call them. */
const BUILT_IN_LABELS: Record<FormKind, Record<string, string>> = {
  incident: {
    student: 'Pupil',
    text: 'What happened',
    categories: 'Categories',
    linkedStudents: 'Linked pupils',
    maps: 'Maps',
    occurredAt: 'Date and time',
    status: 'Status',
    assignee: 'Assigned to',
    alerts: 'Alerts',
    agencies: 'Agencies involved',
  },
  action: {
    text: 'Action taken',
    categories: 'Categories',
    occurredAt: 'Date and time',
    alerts: 'Alerts',
    alertIncidentRecipients: 'Alert the incident’s recipients',
    toLinkedPupils: 'Add to linked pupils’ copies',
    agencies: 'Agencies involved',
  },
  student: { summary: 'Summary', keywords: 'Keywords', agencies: 'Agencies involved' },
};

export interface FormBuilderRow {
  /** A built-in field's name or a custom field's id: what the move and advice forms send. */
  entry: string;
  label: string;
  /** "Built-in", or the custom field's kind ("Dropdown (several)", "Date"). */
  kindLabel: string;
  /** Category names it appears for; empty = all. */
  categoryNames: string[];
  advice: string;
  /** The custom field itself, for its edit form; null for a built-in one. */
  custom: CustomField | null;
}

export interface FormBuilderCategory {
  id: string;
  /** "Parent › Child" for a sub-category. */
  name: string;
  enabled: boolean;
}

export interface FormBuilderPage {
  form: FormKind;
  version: string;
  rows: FormBuilderRow[];
  /** Enabled categories, and any disabled one a field still names. */
  categories: FormBuilderCategory[];
}

const kindLabel = (f: CustomField) =>
  f.kind === 'dropdown'
    ? `Dropdown${f.multiple ? ', several options' : ''}${f.required ? ', an option must be chosen' : ''}`
    : `${KIND_NAMES[f.kind][0]!.toUpperCase()}${KIND_NAMES[f.kind].slice(1)}${f.required ? ', must be filled in' : ''}`;

export async function getFormBuilder(ctx: Ctx, form: FormKind): Promise<FormBuilderPage> {
  requireAdmin(ctx);
  const definition = ctx.school.settings[FORM_SETTING[form]] as FormFieldRef<FormKind>[];
  const parent = alias(categories, 'parent');
  const rows = await ctx.run((tx) =>
    tx
      .select({
        id: categories.id,
        name: sql<string>`case when ${parent.id} is null then ${categories.name} else ${parent.name} || ' › ' || ${categories.name} end`,
        enabled: sql<boolean>`${categories.archivedAt} is null`,
      })
      .from(categories)
      .leftJoin(parent, and(eq(parent.schoolId, categories.schoolId), eq(parent.id, categories.parentId)))
      .where(eq(categories.schoolId, ctx.school.id))
      .orderBy(
        asc(sql`coalesce(${parent.sortOrder}, ${categories.sortOrder})`),
        asc(sql`lower(coalesce(${parent.name}, ${categories.name}))`),
        asc(sql`${categories.parentId} is not null`),
        asc(categories.sortOrder),
        asc(sql`lower(${categories.name})`),
      ),
  );
  const names = new Map(rows.map((c) => [c.id, c.name]));
  const named = new Set(
    definition.flatMap((e) => (e.kind === 'custom' && !e.field.retired ? e.field.categoryIds : [])),
  );
  return {
    form,
    version: formVersion(definition),
    rows: shownFields(definition).map((e) =>
      e.kind === 'built-in'
        ? {
            entry: e.name,
            label: BUILT_IN_LABELS[form][e.name] ?? e.name,
            kindLabel: 'Built-in',
            categoryNames: [],
            advice: e.advice,
            custom: null,
          }
        : {
            entry: e.field.id,
            label: e.field.label,
            kindLabel: kindLabel(e.field),
            categoryNames: e.field.categoryIds.map((id) => names.get(id)).filter((n): n is string => Boolean(n)),
            advice: e.advice,
            custom: e.field,
          },
    ),
    categories: form === 'student' ? [] : rows.filter((c) => c.enabled || named.has(c.id)),
  };
}

/**
 * The pupil filters (./pupil-filters.ts) as one SQL condition over the
 * students table, added to a query's WHERE beside the permission engine's
 * own, and the choices the filter form offers. Monitoring is only ever
 * matched in categories whose pupils the viewer may see
 * (monitoringCategoryCondition): a forged category id matches nothing.
 */
import 'server-only';
import { and, eq, inArray, isNotNull, isNull, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { categories, monitoringPeriods, studentProfiles, students } from '@/db/schema';
import { monitoringCategoryCondition, type AccessSubject } from '@/lib/access';
import { categoryFamilyOrder, parentCategory, parentCategoryJoin } from '@/lib/students/category-order';
import { customFieldsOf } from '@/lib/settings/form-definition';
import type { School } from '@/lib/tenancy/context';
import type { PupilCustomField, PupilFilters } from './pupil-filters';
import { archivedFilter } from '@/lib/students/visible';
import { onRoll } from './on-roll';

type Monitored = NonNullable<PupilFilters['monitored']>;

/** A monitoring period of the pupil, as the filter asks, in one of `categoryIds` (or any category if none). */
function monitoredIn(subject: AccessSubject, m: Monitored, categoryIds: readonly string[]): SQL {
  const parts: SQL[] = [
    sql`${monitoringPeriods.schoolId} = ${students.schoolId}`,
    sql`${monitoringPeriods.studentId} = ${students.id}`,
    monitoringCategoryCondition(subject, monitoringPeriods.categoryId),
  ];
  // A parent category stands for its family: ticking Child Protection also finds Neglect.
  if (categoryIds.length > 0)
    parts.push(
      sql`${monitoringPeriods.categoryId} in (select ${categories.id} from ${categories} where ${categories.schoolId} = ${subject.schoolId} and (${inArray(categories.id, categoryIds)} or ${inArray(categories.parentId, categoryIds)}))`,
    );
  if (m.when === 'now') parts.push(sql`${monitoringPeriods.endedOn} is null`);
  if (m.when === 'between')
    parts.push(
      sql`${monitoringPeriods.startedOn} <= ${m.to}::date`,
      sql`(${monitoringPeriods.endedOn} is null or ${monitoringPeriods.endedOn} >= ${m.from}::date)`,
    );
  return sql`exists (select 1 from ${monitoringPeriods} where ${sql.join(parts, sql` and `)})`;
}

/** "Every ticked category": a period in each one (each with its family); otherwise a period in any. */
function monitoredCondition(subject: AccessSubject, m: Monitored): SQL {
  if (m.match === 'all' && m.categoryIds.length > 1)
    return and(...m.categoryIds.map((id) => monitoredIn(subject, m, [id])))!;
  return monitoredIn(subject, m, m.categoryIds);
}

/** A dropdown field of the pupil form holds the value (or, for a multiple choice, has it among its values). */
const customFieldHas = (fieldId: string, value: string): SQL =>
  sql`exists (select 1 from ${studentProfiles} where ${studentProfiles.schoolId} = ${students.schoolId} and ${studentProfiles.studentId} = ${students.id} and (${studentProfiles.customFields} -> ${fieldId}::text) @> to_jsonb(${value}::text))`;

/**
 * Pupils matching every filter; ages are whole years on `today` (the school's
 * day). Pupils who have left (archived) match only when the filters include
 * them: the condition carries that choice, so callers add only the school
 * and the permission engine's visibility.
 */
export function pupilFilterCondition(subject: AccessSubject, f: PupilFilters, today: string): SQL {
  const parts: SQL[] = [archivedFilter(f.includeArchived)];
  if (f.monitored) parts.push(monitoredCondition(subject, f.monitored));
  if (f.pupilPremium !== null) parts.push(eq(students.pupilPremium, f.pupilPremium));
  if (f.eal !== null) parts.push(eq(students.eal, f.eal));
  if (f.freeSchoolMeals !== null) parts.push(eq(students.freeSchoolMeals, f.freeSchoolMeals));
  if (f.lookedAfter !== null) parts.push(eq(students.lookedAfter, f.lookedAfter));
  if (f.sen === 'K+E') parts.push(inArray(students.senStatus, ['K', 'E']));
  else if (f.sen !== null) parts.push(eq(students.senStatus, f.sen));
  if (f.religion !== null) parts.push(eq(students.religion, f.religion));
  if (f.ethnicity !== null) parts.push(eq(students.ethnicity, f.ethnicity));
  if (f.gender !== null) parts.push(eq(students.gender, f.gender));
  if (f.yearGroup !== null) parts.push(eq(students.yearGroup, f.yearGroup));
  const years = sql`extract(year from age(${today}::date, ${students.dateOfBirth}))`;
  if (f.age.from !== null) parts.push(sql`${years} >= ${f.age.from}`);
  if (f.age.to !== null) parts.push(sql`${years} <= ${f.age.to}`);
  for (const c of f.custom) parts.push(customFieldHas(c.fieldId, c.value));
  return and(...parts)!;
}

export interface PupilFilterOptions {
  /** The pupil form's dropdown fields in use (deleted ones are no longer offered). */
  customFields: PupilCustomField[];
  religion: string[];
  ethnicity: string[];
  gender: string[];
  yearGroup: string[];
}

const byName = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });

/** The pupil form's dropdown fields that may be filtered by: not deleted, with options. */
export function pupilCustomFilterFields(school: School): PupilCustomField[] {
  return customFieldsOf(school.settings.studentForm)
    .filter((f) => f.kind === 'dropdown' && !f.retired && f.options.length > 0)
    .map((f) => ({ id: f.id, label: f.label, options: f.options }));
}

/** The values the viewer's pupils on roll have, for the form's lists (never another school's or a hidden pupil's). */
export async function pupilFilterOptions(tx: Tx, subject: AccessSubject, school: School): Promise<PupilFilterOptions> {
  const valuesOf = async (column: AnyColumn) =>
    (
      await tx
        .selectDistinct({ value: sql<string | null>`${column}` })
        .from(students)
        .where(and(onRoll(subject), isNotNull(column), sql`btrim(${column}) <> ''`))
    )
      .map((r) => r.value!)
      .sort(byName.compare);
  return {
    customFields: pupilCustomFilterFields(school),
    religion: await valuesOf(students.religion),
    ethnicity: await valuesOf(students.ethnicity),
    gender: await valuesOf(students.gender),
    yearGroup: await valuesOf(students.yearGroup),
  };
}

/** The monitored filter's choices: categories whose pupils the viewer may see, in the school's order. */
export function monitoredFilterCategories(
  tx: Tx,
  subject: AccessSubject,
): Promise<{ id: string; name: string; parentId: string | null }[]> {
  return tx
    .select({ id: categories.id, name: categories.name, parentId: categories.parentId })
    .from(categories)
    .leftJoin(parentCategory, parentCategoryJoin)
    .where(
      and(
        eq(categories.schoolId, subject.schoolId),
        isNull(categories.mergedIntoId),
        monitoringCategoryCondition(subject, categories.id),
      ),
    )
    .orderBy(...categoryFamilyOrder());
}

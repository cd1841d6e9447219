/**
 * An incident report's definition as one SQL statement that filters, groups
 * and counts in the database. Which incidents count is the permission
 * engine's `incident.report` condition (lib/incidents/visibility.ts →
 * lib/access): live, every category viewable by the runner's group with the
 * key, pupil within their class restriction. Nothing is filtered after
 * fetching.
 *
 * The inner query gives one row per incident (per category of it, when a
 * grouping is by category) with its group keys; the outer one counts
 * distinct incidents over GROUPING SETS, so the cells, the row and column
 * totals and the grand total come from the same statement and each total
 * counts an incident once even when it sits in several categories.
 */
import 'server-only';
import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Tx } from '@/db/scoped';
import { categories, incidentCategories, incidents, students, users } from '@/db/schema';
import type { AccessSubject } from '@/lib/access';
import { visibleIncidents } from '@/lib/incidents/visibility';
import type { DayRange } from './date-range';
import type { IncidentFilters, IncidentGrouping } from './definition';

/** One line of the statement's answer: a cell, a row or column total, or the grand total. */
export interface CountRow {
  primaryKey: string | null;
  primaryLabel: string | null;
  secondaryKey: string | null;
  secondaryLabel: string | null;
  /** True on rows that total over the primary grouping (a column total, or the grand total). */
  primaryTotal: boolean;
  secondaryTotal: boolean;
  count: number;
}

export interface IncidentQueryInput {
  filters: IncidentFilters;
  days: DayRange;
  primary: IncidentGrouping;
  secondary: IncidentGrouping | null;
  timeZone: string;
  /** Training records count only while the school is in training mode. */
  includeTraining: boolean;
}

const link = alias(incidentCategories, 'report_category_link');
const category = alias(categories, 'report_category');
const parent = alias(categories, 'report_parent_category');
const author = alias(users, 'report_author');

/** The incident's moment as the school's wall clock. */
const localTime = (timeZone: string) => sql`(${incidents.occurredAt} at time zone ${timeZone})`;

// Groups whose words come from the key alone (summary-table.ts) carry no label: computing the
// same expression twice per row, and grouping by it twice, is most of a large report's time.
const NO_LABEL = sql`null::text`;

function keyAndLabel(by: IncidentGrouping, timeZone: string): { key: SQL; label: SQL } {
  switch (by) {
    case 'category':
      return { key: sql`${category.id}::text`, label: sql`${category.name}` };
    case 'parent-category':
      return {
        key: sql`coalesce(${parent.id}, ${category.id})::text`,
        label: sql`coalesce(${parent.name}, ${category.name})`,
      };
    case 'year-group':
      return { key: sql`${students.yearGroup}`, label: NO_LABEL };
    case 'tutor-group':
      return { key: sql`${students.tutorGroup}`, label: NO_LABEL };
    case 'status':
      return { key: sql`${incidents.status}`, label: NO_LABEL };
    case 'recorded-by':
      return { key: sql`${incidents.authorId}::text`, label: sql`${author.displayName}` };
    case 'month':
      return { key: sql`to_char(${localTime(timeZone)}, 'YYYY-MM')`, label: NO_LABEL };
    case 'weekday':
      return { key: sql`extract(isodow from ${localTime(timeZone)})::int::text`, label: NO_LABEL };
  }
}

const byCategory = (by: IncidentGrouping | null) => by === 'category' || by === 'parent-category';

function filterConditions(subject: AccessSubject, input: IncidentQueryInput): (SQL | undefined)[] {
  const { filters, days, timeZone } = input;
  const localDay = sql`(${localTime(timeZone)})::date`;
  const chosen = filters.categories.ids;
  return [
    visibleIncidents(subject, 'incident.report'),
    // A merged incident lives on as an action of the one it joined: counting it too would count one concern twice.
    isNull(incidents.mergedIntoId),
    input.includeTraining ? undefined : eq(incidents.training, false),
    days.from ? sql`${localDay} >= ${days.from}::date` : undefined,
    days.to ? sql`${localDay} <= ${days.to}::date` : undefined,
    filters.status === 'any' ? undefined : eq(incidents.status, filters.status),
    filters.recordedBy.ids.length > 0 ? inArray(incidents.authorId, filters.recordedBy.ids) : undefined,
    chosen.length > 0
      ? sql`exists (select 1 from ${incidentCategories} where ${incidentCategories.schoolId} = ${incidents.schoolId} and ${incidentCategories.incidentId} = ${incidents.id} and ${incidentCategories.removedAt} is null and ${inArray(incidentCategories.categoryId, chosen)})`
      : undefined,
  ];
}

/** Runs the report's one statement in the caller's transaction. */
export async function countIncidents(tx: Tx, subject: AccessSubject, input: IncidentQueryInput): Promise<CountRow[]> {
  const p = keyAndLabel(input.primary, input.timeZone);
  const s = input.secondary ? keyAndLabel(input.secondary, input.timeZone) : { key: sql`null`, label: sql`null` };
  const perCategory = byCategory(input.primary) || byCategory(input.secondary);
  const chosen = input.filters.categories.ids;

  let inner = tx
    .select({
      incidentId: sql<string>`${incidents.id}`.as('incident_id'),
      pk: sql<string | null>`${p.key}`.as('pk'),
      pl: sql<string | null>`${p.label}`.as('pl'),
      sk: sql<string | null>`(${s.key})::text`.as('sk'),
      sl: sql<string | null>`(${s.label})::text`.as('sl'),
    })
    .from(incidents)
    .innerJoin(students, and(eq(students.schoolId, incidents.schoolId), eq(students.id, incidents.studentId)))
    .leftJoin(author, eq(author.id, incidents.authorId))
    .$dynamic();
  if (perCategory) {
    // Every live category of the incident is viewable (the visibility condition needs it), so
    // each becomes a row; with a category filter, only the chosen ones do.
    inner = inner
      .innerJoin(
        link,
        and(
          eq(link.schoolId, incidents.schoolId),
          eq(link.incidentId, incidents.id),
          isNull(link.removedAt),
          chosen.length > 0 ? inArray(link.categoryId, chosen) : undefined,
        ),
      )
      .innerJoin(category, and(eq(category.schoolId, link.schoolId), eq(category.id, link.categoryId)))
      .leftJoin(parent, and(eq(parent.schoolId, category.schoolId), eq(parent.id, category.parentId)));
  }
  const rows = inner.where(and(...filterConditions(subject, input))).as('report_rows');

  const sets = input.secondary
    ? sql`grouping sets ((${rows.pk}, ${rows.pl}, ${rows.sk}, ${rows.sl}), (${rows.pk}, ${rows.pl}), (${rows.sk}, ${rows.sl}), ())`
    : sql`grouping sets ((${rows.pk}, ${rows.pl}), ())`;
  const result = await tx
    .select({
      primaryKey: rows.pk,
      primaryLabel: rows.pl,
      secondaryKey: input.secondary ? rows.sk : sql<string | null>`null`,
      secondaryLabel: input.secondary ? rows.sl : sql<string | null>`null`,
      primaryTotal: sql<boolean>`grouping(${rows.pk}) = 1`,
      secondaryTotal: input.secondary ? sql<boolean>`grouping(${rows.sk}) = 1` : sql<boolean>`true`,
      // Without a category join every row is a different incident, and a plain count spares
      // a sort of the whole set for each grouping set.
      count: perCategory ? sql<number>`count(distinct ${rows.incidentId})::int` : sql<number>`count(*)::int`,
    })
    .from(rows)
    .groupBy(sets);
  return result.map((r) => ({ ...r, count: Number(r.count) }));
}

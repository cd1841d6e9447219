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
import { alias, type PgSelect } from 'drizzle-orm/pg-core';
import type { Tx } from '@/db/scoped';
import { categories, incidentCategories, incidents, students } from '@/db/schema';
import type { AccessSubject } from '@/lib/access';
import { visibleIncidents } from '@/lib/incidents/visibility';
import { dateInZone } from '@/lib/time';
import type { YearSpan } from './academic-year-spans';
import type { DayRange } from './date-range';
import { isCustomFieldGrouping, type IncidentFilters, type ReportGrouping } from './definition';
import { incidentFilterConditions } from './incident-conditions';
import { pupilFilterCondition } from './pupil-filters-sql';
import {
  agency,
  agencyNameJoin,
  agencyRows,
  assignee,
  author,
  byAgency,
  byCategory,
  category,
  keyAndLabel,
  customFieldRows,
  severalRowsPer,
  localTime,
  parent,
  type GroupingContext,
} from './incident-groupings';

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
  primary: ReportGrouping;
  secondary: ReportGrouping | null;
  timeZone: string;
  /** Training records count only while the school is in training mode. */
  includeTraining: boolean;
  /** The school's academic years as runs of days: needed only by the academic-year grouping. */
  yearSpans?: readonly YearSpan[];
  /** One pupil's incidents (the pupil profile's Student report); the filters apply as well. */
  studentId?: string;
}

const link = alias(incidentCategories, 'report_category_link');

/**
 * Which incidents a report holds: the permission engine's condition, live and
 * not merged, training only in training mode, the days, and the definition's
 * incident filters, the pupil filters on the incident's pupil. The Listing (listing-query.ts) reads the same incidents
 * the counts count through this one function.
 */
export function filterConditions(
  subject: AccessSubject,
  input: Pick<IncidentQueryInput, 'filters' | 'days' | 'timeZone' | 'includeTraining' | 'studentId'>,
): (SQL | undefined)[] {
  const { days, timeZone } = input;
  const localDay = sql`(${localTime(timeZone)})::date`;
  return [
    visibleIncidents(subject, 'incident.report'),
    // A merged incident lives on as an action of the one it joined: counting it too would count one concern twice.
    isNull(incidents.mergedIntoId),
    input.includeTraining ? undefined : eq(incidents.training, false),
    days.from ? sql`${localDay} >= ${days.from}::date` : undefined,
    days.to ? sql`${localDay} <= ${days.to}::date` : undefined,
    ...incidentFilterConditions(input.filters),
    input.studentId ? eq(incidents.studentId, input.studentId) : undefined,
    // On the incident's own pupil (each linked copy's pupil for a copy); ages on the school's today.
    input.filters.pupils
      ? pupilFilterCondition(subject, input.filters.pupils, dateInZone(timeZone, subject.now))
      : undefined,
  ];
}

const groupingContext = (input: IncidentQueryInput): GroupingContext => ({
  timeZone: input.timeZone,
  yearSpans: input.yearSpans ?? [],
});

/** The joins only some groupings read, added to a select of incidents and their pupils. */
function withGroupingJoins<Q extends PgSelect>(
  query: Q,
  input: IncidentQueryInput,
  groupings: (ReportGrouping | null)[],
): Q {
  // Typed loosely: each join changes the builder's type, and the caller keeps selecting its own fields.
  let q: PgSelect = query.leftJoin(author, eq(author.id, incidents.authorId));
  if (groupings.includes('assigned-to')) q = q.leftJoin(assignee, eq(assignee.id, incidents.assigneeId));
  for (const by of groupings) {
    if (isCustomFieldGrouping(by)) q = q.leftJoinLateral(customFieldRows(by), sql`true`);
  }
  if (groupings.some(byAgency)) {
    q = q.leftJoinLateral(agencyRows(input.filters.agencies?.ids ?? []), sql`true`).leftJoin(agency, agencyNameJoin);
  }
  return q as unknown as Q;
}

/**
 * A report statement may hold its rows in memory rather than spill sorts and
 * hashes to disk (the default is 4 MB): local to the report's transaction.
 */
const REPORT_WORK_MEM = sql`set local work_mem = '64MB'`;

/** Runs the report's one statement in the caller's transaction. */
export async function countIncidents(tx: Tx, subject: AccessSubject, input: IncidentQueryInput): Promise<CountRow[]> {
  await tx.execute(REPORT_WORK_MEM);
  // Exactly one grouping by category: the split statement, which counts without DISTINCT.
  // An agency or custom-field grouping can make an incident several rows outside the category
  // split: counted distinct, together.
  const agencyGrouped = severalRowsPer(input.primary) || severalRowsPer(input.secondary);
  if (byCategory(input.primary) !== byCategory(input.secondary) && !agencyGrouped) {
    return countPerCategory(tx, subject, input);
  }
  return countTogether(tx, subject, input);
}

/**
 * Both groupings, or neither, by category: one inner select and GROUPING SETS
 * over it. With a category join an incident can be several rows, so each set
 * counts distinct incidents; without one every row is a different incident.
 */
async function countTogether(tx: Tx, subject: AccessSubject, input: IncidentQueryInput): Promise<CountRow[]> {
  const ctx = groupingContext(input);
  const p = keyAndLabel(input.primary, ctx);
  const s = input.secondary ? keyAndLabel(input.secondary, ctx) : { key: sql`null`, label: sql`null` };
  const perCategory = byCategory(input.primary) || byCategory(input.secondary);
  const severalRows = perCategory || severalRowsPer(input.primary) || severalRowsPer(input.secondary);
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
    .$dynamic();
  inner = withGroupingJoins(inner, input, [input.primary, input.secondary]);
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
      // Without a category or agency join every row is a different incident, and a plain count
      // spares a sort of the whole set for each grouping set.
      count: severalRows ? sql<number>`count(distinct ${rows.incidentId})::int` : sql<number>`count(*)::int`,
    })
    .from(rows)
    .groupBy(sets);
  return result.map((r) => ({ ...r, count: Number(r.count) }));
}

/**
 * One grouping by category (or parent category), the other not, or none: the
 * incidents the runner may count are selected once (`incident_rows`, one row
 * per incident with the other grouping's key), and
 * - the sets that hold the category grouping count `category_rows`: one row
 *   per incident and category key, made distinct once (an incident can list
 *   a category twice, its own and an action's; or two of one family);
 * - the sets that do not count `incident_rows` itself.
 * Every set then counts rows, never distinct values, so each is one hash
 * aggregate instead of a sort of the whole set; the category names are read
 * once per group at the end. The same incidents count as in countTogether.
 */
async function countPerCategory(tx: Tx, subject: AccessSubject, input: IncidentQueryInput): Promise<CountRow[]> {
  const categoryFirst = byCategory(input.primary);
  const catBy = categoryFirst ? input.primary : input.secondary!;
  const otherBy = categoryFirst ? input.secondary : input.primary;
  const other = otherBy ? keyAndLabel(otherBy, groupingContext(input)) : null;
  const chosen = input.filters.categories.ids;

  const incidentRows = withGroupingJoins(
    tx
      .select({
        incidentId: sql<string>`${incidents.id}`.as('incident_id'),
        k: sql<string | null>`(${other ? other.key : sql`null`})::text`.as('k'),
        kl: sql<string | null>`(${other ? other.label : sql`null`})::text`.as('kl'),
      })
      .from(incidents)
      .innerJoin(students, and(eq(students.schoolId, incidents.schoolId), eq(students.id, incidents.studentId)))
      .$dynamic(),
    input,
    [otherBy],
  ).where(and(...filterConditions(subject, input)));

  const L = sql.identifier('report_category_link');
  const C = sql.identifier('report_category');
  const col = (t: ReturnType<typeof sql.identifier>, c: string) => sql`${t}.${sql.identifier(c)}`;
  // Every live category of a counted incident is viewable (the visibility condition needs it); with a
  // category filter, only the chosen ones become rows.
  const only =
    chosen.length > 0
      ? sql` and ${col(L, 'category_id')} in (${sql.join(
          chosen.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`
      : sql``;
  const catKey = catBy === 'category' ? col(L, 'category_id') : sql`coalesce(${col(C, 'parent_id')}, ${col(C, 'id')})`;
  const catJoin =
    catBy === 'category'
      ? sql``
      : sql` join ${categories} as ${C} on ${col(C, 'school_id')} = ${col(L, 'school_id')} and ${col(C, 'id')} = ${col(L, 'category_id')}`;
  const setsWithCategory = other ? sql`grouping sets ((c, k), (c))` : sql`grouping sets ((c))`;
  const setsWithout = other ? sql`grouping sets ((k), ())` : sql`grouping sets (())`;
  // GROUPING(k) is only allowed where k is grouped; without a second grouping every row totals over it.
  const kTotal = other ? sql`grouping(k) = 1` : sql`true`;
  const kSel = other ? sql`k, min(kl) as kl` : sql`null::text as k, null::text as kl`;

  const statement = sql`
    with incident_rows as materialized (${incidentRows}),
    category_rows as (
      select distinct r.incident_id, ${catKey} as c, r.k, r.kl
      from incident_rows r
      join ${incidentCategories} as ${L} on ${col(L, 'school_id')} = ${subject.schoolId}::uuid
        and ${col(L, 'incident_id')} = r.incident_id and ${col(L, 'removed_at')} is null${only}${catJoin}
    ),
    counts as (
      select c, ${kSel}, false as c_total, ${kTotal} as k_total, count(*)::int as n
      from category_rows group by ${setsWithCategory}
      union all
      select null::uuid, ${kSel}, true, ${kTotal}, count(*)::int
      from incident_rows group by ${setsWithout}
    )
    select counts.c::text as c, ${sql.identifier('cat')}.name as cl, counts.k, counts.kl, counts.c_total, counts.k_total, counts.n
    from counts left join ${categories} as ${sql.identifier('cat')}
      on ${sql.identifier('cat')}.school_id = ${subject.schoolId}::uuid and ${sql.identifier('cat')}.id = counts.c`;
  const res = (await tx.execute(statement)) as unknown as {
    rows: {
      c: string | null;
      cl: string | null;
      k: string | null;
      kl: string | null;
      c_total: boolean;
      k_total: boolean;
      n: number;
    }[];
  };
  return res.rows.map((r) => {
    const cat = { key: r.c, label: r.cl, total: Boolean(r.c_total) };
    // Without a second grouping every row totals over it.
    const oth = { key: r.k, label: r.kl, total: other ? Boolean(r.k_total) : true };
    const [p, q] = categoryFirst ? [cat, oth] : [oth, cat];
    return {
      primaryKey: p.key,
      primaryLabel: p.label,
      secondaryKey: q.key,
      secondaryLabel: q.label,
      primaryTotal: p.total,
      secondaryTotal: q.total,
      count: Number(r.n),
    };
  });
}

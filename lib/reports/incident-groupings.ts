/**
 * Each incident grouping as the SQL of its group key and label, over the
 * report's inner select (./incident-query.ts): the incident, its pupil
 * (`students`, the copy's own pupil: a pupil grouping counts an incident
 * once for each pupil it was recorded for), and the joins a grouping needs.
 */
import 'server-only';
import { shownAuthorName } from '@/lib/incidents/author';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { alias, type PgColumn } from 'drizzle-orm/pg-core';
import { agencies, categories, incidents, students, users } from '@/db/schema';
import type { YearSpan } from './academic-year-spans';
import { customFieldIdOf, isCustomFieldGrouping, type CustomFieldGrouping, type ReportGrouping } from './definition';

export const category = alias(categories, 'report_category');
export const parent = alias(categories, 'report_parent_category');
export const author = alias(users, 'report_author');
export const assignee = alias(users, 'report_assignee');
export const agency = alias(agencies, 'report_agency');
/** One row per list agency the incident names (`agency_ids`), or one null row when it names none. */
export const AGENCY_ID = sql.identifier('report_agency_id');

/** The incident's moment as the school's wall clock. */
export const localTime = (timeZone: string) => sql`(${incidents.occurredAt} at time zone ${timeZone})`;

// Groups whose words come from the key alone (summary-table.ts) carry no label: computing the
// same expression twice per row, and grouping by it twice, is most of a large report's time.
const NO_LABEL = sql`null::text`;

const yesNo = (column: PgColumn) => sql`case when ${column} then 'yes' else 'no' end`;

/** The day's academic year, from runs the calendar's rule decided (null outside them). */
function academicYear(timeZone: string, spans: readonly YearSpan[], pick: 'key' | 'name'): SQL {
  if (spans.length === 0) return sql`null::text`;
  const day = sql`(${localTime(timeZone)})::date`;
  return sql`(case ${sql.join(
    spans.map((s) => sql`when ${day} between ${s.from}::date and ${s.to}::date then ${s[pick]}::text`),
    sql` `,
  )} end)`;
}

export interface GroupingContext {
  timeZone: string;
  yearSpans: readonly YearSpan[];
}

export function keyAndLabel(by: ReportGrouping, c: GroupingContext): { key: SQL; label: SQL } {
  const { timeZone } = c;
  // The option as recorded is its own words.
  if (isCustomFieldGrouping(by)) return { key: sql`${customFieldValues(by)}.value`, label: NO_LABEL };
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
      return {
        key: sql`${incidents.authorId}::text`,
        label: shownAuthorName(incidents.externalAuthor, author.displayName),
      };
    case 'month':
      return { key: sql`to_char(${localTime(timeZone)}, 'YYYY-MM')`, label: NO_LABEL };
    case 'weekday':
      return { key: sql`extract(isodow from ${localTime(timeZone)})::int::text`, label: NO_LABEL };
    case 'assigned-to':
      return { key: sql`${incidents.assigneeId}::text`, label: sql`${assignee.displayName}` };
    case 'agency':
      return { key: sql`${AGENCY_ID}.id`, label: sql`${agency.name}` };
    case 'hour':
      return { key: sql`to_char(${localTime(timeZone)}, 'HH24')`, label: NO_LABEL };
    case 'academic-year':
      return { key: academicYear(timeZone, c.yearSpans, 'key'), label: academicYear(timeZone, c.yearSpans, 'name') };
    case 'pupil':
      // The names as stored; the runner's name style (and "hide names") words them (summary-table.ts).
      return {
        key: sql`${students.id}::text`,
        label: sql`json_build_array(${students.legalForename}, ${students.legalSurname}, ${students.preferredForename}, ${students.preferredSurname})::text`,
      };
    case 'gender':
      return { key: sql`nullif(btrim(${students.gender}), '')`, label: NO_LABEL };
    case 'sen-status':
      return { key: sql`${students.senStatus}`, label: NO_LABEL };
    case 'pupil-premium':
      return { key: yesNo(students.pupilPremium), label: NO_LABEL };
    case 'eal':
      return { key: yesNo(students.eal), label: NO_LABEL };
    case 'fsm':
      return { key: yesNo(students.freeSchoolMeals), label: NO_LABEL };
    case 'looked-after':
      return { key: yesNo(students.lookedAfter), label: NO_LABEL };
    case 'ethnicity':
      return { key: sql`nullif(btrim(${students.ethnicity}), '')`, label: NO_LABEL };
    case 'religion':
      return { key: sql`nullif(btrim(${students.religion}), '')`, label: NO_LABEL };
  }
}

export const byCategory = (by: ReportGrouping | null) => by === 'category' || by === 'parent-category';
export const byAgency = (by: ReportGrouping | null) => by === 'agency';
/** Groupings under which one incident can be several rows (several agencies, several options chosen). */
export const severalRowsPer = (by: ReportGrouping | null) => byAgency(by) || isCustomFieldGrouping(by);

/** The rows of one custom field's recorded options, named after the field (a validated uuid). */
export const customFieldValues = (by: CustomFieldGrouping) =>
  sql.identifier(`report_cf_${customFieldIdOf(by).replace(/-/g, '')}`);

/**
 * A dropdown custom field's options recorded on the incident (`custom_fields` by field id: one
 * option as text, or a list for a multiple choice) as rows, left-joined laterally so an incident
 * without an answer is one row with none.
 */
export function customFieldRows(by: CustomFieldGrouping): SQL {
  const value = sql`(${incidents.customFields} -> ${customFieldIdOf(by)}::text)`;
  return sql`(select nullif(btrim(v.value), '') as value from jsonb_array_elements_text(case jsonb_typeof(${value}) when 'array' then ${value} when 'string' then jsonb_build_array(${value}) else '[null]'::jsonb end) as v(value)) as ${customFieldValues(by)}`;
}

/**
 * The incident's list agencies as rows (left-joined laterally, so an incident naming none is one
 * row with no agency); with an agency filter, only the chosen ones, as categories are.
 */
export function agencyRows(chosen: readonly string[]): SQL {
  const only =
    chosen.length > 0
      ? sql` where e.id in (${sql.join(
          chosen.map((id) => sql`${id}`),
          sql`, `,
        )})`
      : sql``;
  return sql`(select e.id from jsonb_array_elements_text(${incidents.agencyIds}) as e(id)${only}) as ${AGENCY_ID}`;
}

export const agencyNameJoin = and(eq(agency.schoolId, incidents.schoolId), sql`${agency.id}::text = ${AGENCY_ID}.id`);

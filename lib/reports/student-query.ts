/**
 * A Students report as one SQL statement: the pupils the runner may list
 * (attendance-figures.ts `listable`: the permission engine's `student.list`,
 * class restrictions included), matching the pupil filters (pupils who have
 * left only when they say so), and, for "students with incidents matching",
 * with at least one incident the runner may count under the incident
 * report's own condition (incident-query.ts `filterConditions`). Grouped and
 * counted in the database over GROUPING SETS, as incident counts are, so the
 * cells, totals and grand total come from one statement.
 */
import 'server-only';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { incidents, studentProfiles, students } from '@/db/schema';
import type { AccessSubject } from '@/lib/access';
import { listable } from './attendance-figures';
import type { DayRange } from './date-range';
import {
  customFieldIdOf,
  isCustomFieldGrouping,
  type CustomFieldGrouping,
  type ReportGrouping,
  type StudentReportDefinition,
} from './definition';
import { filterConditions, type CountRow } from './incident-query';
import { keyAndLabel } from './incident-groupings';
import { pupilFilterCondition } from './pupil-filters-sql';

export interface StudentQueryInput {
  filters: StudentReportDefinition['filters'];
  /** The incident filters' days (used only with an incident condition). */
  days: DayRange;
  today: string;
  timeZone: string;
  includeTraining: boolean;
}

/** Which pupils a Students report holds: listable, matching the pupil filters, with a matching incident if asked. */
export function studentConditions(subject: AccessSubject, input: StudentQueryInput): SQL {
  const { filters } = input;
  const withIncidents = filters.incidents
    ? sql`exists (select 1 from ${incidents} where ${incidents.schoolId} = ${students.schoolId} and ${incidents.studentId} = ${students.id} and ${and(
        ...filterConditions(subject, {
          filters: filters.incidents,
          days: input.days,
          timeZone: input.timeZone,
          includeTraining: input.includeTraining,
        }),
      )})`
    : undefined;
  return and(listable(subject), pupilFilterCondition(subject, filters.pupils, input.today), withIncidents)!;
}

/** One pupil form field's rows of options: one per option held (a multiple choice), or one empty row. */
const fieldRows = (by: CustomFieldGrouping) => sql.identifier(`pupil_cf_${customFieldIdOf(by).replace(/-/g, '')}`);

function pupilFieldRows(by: CustomFieldGrouping): SQL {
  const value = sql`(select ${studentProfiles.customFields} -> ${customFieldIdOf(by)}::text from ${studentProfiles} where ${studentProfiles.schoolId} = ${students.schoolId} and ${studentProfiles.studentId} = ${students.id})`;
  return sql`(select nullif(btrim(v.value), '') as value from jsonb_array_elements_text(case jsonb_typeof(${value}) when 'array' then ${value} when 'string' then jsonb_build_array(${value}) else '[null]'::jsonb end) as v(value)) as ${fieldRows(by)}`;
}

function groupKey(by: ReportGrouping): { key: SQL; label: SQL } {
  if (isCustomFieldGrouping(by)) return { key: sql`${fieldRows(by)}.value`, label: sql`null::text` };
  // The pupil's own columns: the same words as an incident report's groupings by its pupil.
  return keyAndLabel(by, { timeZone: 'UTC', yearSpans: [] });
}

/** Counts pupils per group (and in all), in the caller's transaction. */
export async function countStudents(
  tx: Tx,
  subject: AccessSubject,
  input: StudentQueryInput,
  primary: ReportGrouping,
  secondary: ReportGrouping | null,
): Promise<CountRow[]> {
  const p = groupKey(primary);
  const s = secondary ? groupKey(secondary) : { key: sql`null`, label: sql`null` };
  const lateral = [primary, secondary]
    .filter((by): by is CustomFieldGrouping => by !== null && isCustomFieldGrouping(by))
    .map((by) => sql` left join lateral ${pupilFieldRows(by)} on true`);
  // A pupil with several options of a multiple choice is several rows: each set counts pupils once.
  const several = lateral.length > 0;
  const sets = secondary ? sql`grouping sets ((pk, sk), (pk), (sk), ())` : sql`grouping sets ((pk), ())`;
  const statement = sql`
    with pupil_rows as (
      select ${students.id} as student_id, (${p.key})::text as pk, (${s.key})::text as sk
      from ${students}${sql.join(lateral, sql``)}
      where ${eq(students.schoolId, subject.schoolId)} and ${studentConditions(subject, input)}
    )
    select pk, ${secondary ? sql`sk` : sql`null::text as sk`}, grouping(pk) = 1 as p_total,
      ${secondary ? sql`grouping(sk) = 1` : sql`true`} as s_total,
      ${several ? sql`count(distinct student_id)::int` : sql`count(*)::int`} as n
    from pupil_rows group by ${sets}`;
  const res = (await tx.execute(statement)) as unknown as {
    rows: { pk: string | null; sk: string | null; p_total: boolean; s_total: boolean; n: number }[];
  };
  return res.rows.map((r) => ({
    primaryKey: r.pk,
    primaryLabel: null,
    secondaryKey: secondary ? r.sk : null,
    secondaryLabel: null,
    primaryTotal: Boolean(r.p_total),
    secondaryTotal: secondary ? Boolean(r.s_total) : true,
    count: Number(r.n),
  }));
}

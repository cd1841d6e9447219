/**
 * The incident rules of rules.ts as an SQL condition, for chronologies,
 * dashboards, reports, counts and exports. The incidents table and its
 * category link table belong to the incidents feature; the caller passes its
 * columns and the link table's names.
 */
import { getTableName, sql, type AnyColumn, type SQL, type Table } from 'drizzle-orm';
import type { IncidentAction } from './actions';
import { myHistoryCutoff } from './my-history';
import { hasPermission, viewableIncidentCategoryIds } from './permissions';
import { allOf, anyOf, inList, isNotTrue, isTrue, toSql, type ColumnRef, type Condition } from './sql-parts';
import { pupilReachCondition } from './sql-students';
import type { AccessSubject } from './types';

export interface IncidentColumns {
  schoolId: ColumnRef;
  incidentId: ColumnRef;
  authorId: ColumnRef;
  createdAt: ColumnRef;
  /** The pupil of this incident copy: their current groups and archived flag. */
  tutorGroup: ColumnRef;
  yearGroup: ColumnRef;
  studentArchived: ColumnRef;
  /** A boolean column or expression, e.g. sql`${incidents.deletedAt} is not null`. */
  deleted: ColumnRef;
}

/**
 * The table that lists an incident's categories, one row per (incident,
 * category), including categories added by its actions.
 */
export interface IncidentCategoryLink {
  name: string;
  /** Filtered too, so the lookup can use the table's (school_id, incident_id, …) index. */
  schoolIdCol: string;
  incidentIdCol: string;
  categoryIdCol: string;
  /** A nullable timestamp: rows with it set are history and do not count. */
  removedAtCol?: string;
}

/** The link description from Drizzle objects, so names cannot drift from the schema. */
export function incidentCategoryLink(
  table: Table,
  cols: { schoolId: AnyColumn; incidentId: AnyColumn; categoryId: AnyColumn; removedAt?: AnyColumn },
): IncidentCategoryLink {
  return {
    name: getTableName(table),
    schoolIdCol: cols.schoolId.name,
    incidentIdCol: cols.incidentId.name,
    categoryIdCol: cols.categoryId.name,
    ...(cols.removedAt ? { removedAtCol: cols.removedAt.name } : {}),
  };
}

// A private alias keeps the subqueries' references unambiguous even when the
// caller's own query also joins the link table (reports group by category).
const LINK_ALIAS = sql.identifier('access_incident_categories');

function linkRows(subject: AccessSubject, link: IncidentCategoryLink, incidentId: ColumnRef, extra?: SQL): SQL {
  const col = (name: string) => sql`${LINK_ALIAS}.${sql.identifier(name)}`;
  const live = link.removedAtCol ? sql` and ${col(link.removedAtCol)} is null` : sql``;
  const own = sql`${col(link.schoolIdCol)} = ${subject.schoolId} and ${col(link.incidentIdCol)} = ${incidentId}${live}`;
  return sql`select 1 from ${sql.identifier(link.name)} as ${LINK_ALIAS} where ${own}${extra ? sql` and ${extra}` : sql``}`;
}

/** incidentReadableByKey (rules.ts) in SQL: elevated, at least one category, all viewable, pupil in reach. */
function readableByKey(subject: AccessSubject, cols: IncidentColumns, link: IncidentCategoryLink): Condition {
  if (!subject.elevated) return false;
  const viewable = viewableIncidentCategoryIds(subject);
  if (viewable.length === 0) return false;
  const category = sql`${LINK_ALIAS}.${sql.identifier(link.categoryIdCol)}`;
  const notViewable = sql`(${category} is null or not (${toSql(inList(category, viewable))}))`;
  return allOf(
    sql`exists (${linkRows(subject, link, cols.incidentId)})`,
    sql`not exists (${linkRows(subject, link, cols.incidentId, notViewable)})`,
    pupilReachCondition(subject, {
      tutorGroup: cols.tutorGroup,
      yearGroup: cols.yearGroup,
      archived: cols.studentArchived,
    }),
  );
}

/**
 * Incidents the subject may view (default) or act on, as a WHERE condition.
 * Includes `school_id = <subject's school>`.
 */
export function incidentVisibilityCondition(
  subject: AccessSubject,
  cols: IncidentColumns,
  link: IncidentCategoryLink,
  action: IncidentAction = 'incident.view',
): SQL {
  const live = isNotTrue(cols.deleted);
  const deleted = isTrue(cols.deleted);
  const editor = hasPermission(subject, 'incidents.edit');
  const alerted = inList(cols.incidentId, subject.alertedIncidentIds);
  const key = () => readableByKey(subject, cols, link);
  let body: Condition;
  switch (action) {
    case 'incident.view':
      // rules.ts: live and (alerted or key), or for editors deleted and key. For editors
      // that is (live and alerted) or key, so the category subqueries appear once.
      body = editor ? anyOf(allOf(live, alerted), key()) : allOf(live, anyOf(alerted, key()));
      break;
    case 'action.add':
      body = hasPermission(subject, 'incidents.add') ? allOf(live, anyOf(alerted, key())) : false;
      break;
    case 'incident.edit':
    case 'incident.delete':
    case 'incident.merge':
      body = editor ? allOf(live, key()) : false;
      break;
    case 'incident.restore':
      body = editor ? allOf(deleted, key()) : false;
      break;
    case 'incident.report':
      body = hasPermission(subject, 'reports.run') ? allOf(live, key()) : false;
      break;
    case 'incident.history':
      body = allOf(
        live,
        sql`${cols.authorId} = ${subject.userId}`,
        sql`${cols.createdAt} >= ${myHistoryCutoff(subject.now).toISOString()}::timestamptz`,
      );
      break;
  }
  return toSql(allOf(sql`${cols.schoolId} = ${subject.schoolId}`, body));
}

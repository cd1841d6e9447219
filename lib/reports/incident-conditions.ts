/**
 * The incident filters of a report definition as SQL conditions on one
 * incident row (./incident-query.ts adds them to its inner select). Every
 * value the runner chose — ids, words — is a bound parameter, never SQL text.
 * A definition stored before a filter existed lacks its member; absent, a
 * filter leaves every incident in (linked copies too, as reports always
 * counted them).
 */
import 'server-only';
import { and, eq, inArray, isNull, not, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { incidentCategories, incidents } from '@/db/schema';
import type { IncidentFilters, WordMatch } from './definition';

/**
 * A word as a whole-word pattern for PostgreSQL's regular expressions: \y marks a word's edge (a
 * word begins and ends with a letter or digit). Lower case throughout, so lower() leaves it as it is.
 */
export function wholeWordPattern(word: string): string {
  // The definition allows only letters, digits and ' ’ - in a word; anything else is escaped all the same.
  return `\\y${word.toLowerCase().replace(/[\\^$.|?*+()[\]{}\-]/g, '\\$&')}\\y`;
}

/**
 * The incident's text holds the words: each one a whole word, in any case and
 * with or without accents on either side (unaccent, the same fold the pupil
 * and staff searches use).
 */
export function wordsCondition(match: WordMatch, words: readonly string[]): SQL | undefined {
  const unique = [...new Set(words.map((w) => w.toLowerCase()))];
  if (unique.length === 0) return undefined;
  const text = sql`lower(unaccent(${incidents.text}))`;
  const each = unique.map((w) => sql`${text} ~ lower(unaccent(${wholeWordPattern(w)}::text))`);
  if (match === 'all') return and(...each);
  const anyOf = or(...each)!;
  return match === 'exclude' ? not(anyOf) : anyOf;
}

const liveLink = and(
  eq(incidentCategories.schoolId, incidents.schoolId),
  eq(incidentCategories.incidentId, incidents.id),
  isNull(incidentCategories.removedAt),
);

function categoriesCondition(filter: IncidentFilters['categories']): SQL | undefined {
  const chosen = [...new Set(filter.ids)];
  if (chosen.length === 0) return undefined;
  const picked = and(liveLink, inArray(incidentCategories.categoryId, chosen));
  if (filter.match === 'all') {
    // Every chosen category on the incident: an id of another school's, or one it lacks, matches none.
    return sql`(select count(distinct ${incidentCategories.categoryId}) from ${incidentCategories} where ${picked}) = ${chosen.length}`;
  }
  return sql`exists (select 1 from ${incidentCategories} where ${picked})`;
}

function recordedByCondition(filter: IncidentFilters['recordedBy']): SQL | undefined {
  if (filter.ids.length === 0) return undefined;
  if (filter.mode === 'only') return inArray(incidents.authorId, filter.ids);
  // An incident an integration wrote was recorded by none of them.
  return or(isNull(incidents.authorId), notInArray(incidents.authorId, filter.ids));
}

function assignedToCondition(filter: IncidentFilters['assignedTo']): SQL | undefined {
  if (!filter || (filter.ids.length === 0 && !filter.unassigned)) return undefined;
  return or(
    filter.ids.length > 0 ? inArray(incidents.assigneeId, filter.ids) : undefined,
    filter.unassigned ? isNull(incidents.assigneeId) : undefined,
  );
}

function agenciesCondition(filter: IncidentFilters['agencies']): SQL | undefined {
  if (!filter || filter.ids.length === 0) return undefined;
  return sql`exists (select 1 from jsonb_array_elements_text(${incidents.agencyIds}) as report_agency_filter(id) where report_agency_filter.id in (${sql.join(
    filter.ids.map((id) => sql`${id}`),
    sql`, `,
  )}))`;
}

/**
 * A dropdown custom field holds one of the chosen options (stored as the option's text, or a list
 * of them for a multiple choice: jsonb containment matches either), for every field chosen.
 */
function customFieldsCondition(filter: IncidentFilters['customFields']): SQL | undefined {
  const fields = Object.entries(filter ?? {}).filter(([, options]) => options.length > 0);
  if (fields.length === 0) return undefined;
  return and(
    ...fields.map(([fieldId, options]) =>
      or(
        ...[...new Set(options)].map(
          (o) => sql`(${incidents.customFields} -> ${fieldId}::text) @> to_jsonb(${o}::text)`,
        ),
      )!,
    ),
  );
}

/** The filters that are about the incident itself (dates, permission and training are the caller's). */
export function incidentFilterConditions(filters: IncidentFilters): (SQL | undefined)[] {
  return [
    filters.status === 'any' ? undefined : eq(incidents.status, filters.status),
    recordedByCondition(filters.recordedBy),
    categoriesCondition(filters.categories),
    filters.words ? wordsCondition(filters.words.match, filters.words.list) : undefined,
    assignedToCondition(filters.assignedTo),
    agenciesCondition(filters.agencies),
    // The copies made for linked pupils share the record; the pupil it was recorded about holds the original.
    filters.includeLinked === false ? eq(incidents.role, 'subject') : undefined,
    customFieldsCondition(filters.customFields),
  ];
}

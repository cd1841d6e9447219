/**
 * A report's title and its filters in words, for the files a report is
 * downloaded as (PDF, Excel): whoever reads the file later sees what was
 * counted without the form beside it. Category and staff names come from the
 * runner's own choices, so a name the runner may not see is never printed.
 *
 * Pure module.
 */
import { formatSchoolDay } from '@/lib/time/school-date';
import type { DayRange } from './date-range';
import {
  BASIC_DATA_LABELS,
  LISTING_INCLUDE_LABELS,
  LISTING_INCLUDES,
  QUICK_RANGE_LABELS,
  type ReportDefinition,
  type ReportType,
} from './definition';
import type { SummaryTable } from './summary-table';
import { incidentFieldLines, pupilFilterLines } from './describe-pupils';

/**
 * "Incidents by category and month and year" ("Pupils by …" on Students): the heading of the
 * enquiry view and of the files. A combined graph says what its lines are: "Incidents by month and
 * year, with a line per category".
 */
export function reportTitle(
  table: Pick<SummaryTable, 'primary' | 'secondary'>,
  how: { type?: ReportType['type']; subject?: 'incidents' | 'students' } = {},
): string {
  const counted = how.subject === 'students' ? 'Pupils' : 'Incidents';
  if (how.type === 'combined-graph' && table.secondary)
    return `${counted} by ${table.primary.label.toLowerCase()}, with a line per ${table.secondary.label.toLowerCase()}`;
  return `${counted} by ${table.primary.label.toLowerCase()}${
    table.secondary ? ` and ${table.secondary.label.toLowerCase()}` : ''
  }`;
}

/** The days as words: "from 1 Sept 2025 to 31 Aug 2026", "of any date". */
export function rangeText({ from, to }: DayRange): string {
  if (from && to) return `from ${formatSchoolDay(from)} to ${formatSchoolDay(to)}`;
  if (from) return `from ${formatSchoolDay(from)}`;
  if (to) return `up to ${formatSchoolDay(to)}`;
  return 'of any date';
}

export interface DescribeInput {
  definition: ReportDefinition;
  days: DayRange;
  /** The summary's groupings; null for a listing, which has none. */
  table: Pick<SummaryTable, 'primary' | 'secondary'> | null;
  /** Names of the categories and staff the runner may choose, by id. */
  categoryNames: ReadonlyMap<string, string>;
  staffNames: ReadonlyMap<string, string>;
  /** Names of the school's agencies, by id (absent from older callers: then none is named). */
  agencyNames?: ReadonlyMap<string, string>;
  /** Custom fields' labels (the incident and pupil forms'), by id. */
  fieldLabels?: ReadonlyMap<string, string>;
}

function listed(
  ids: readonly string[],
  names: ReadonlyMap<string, string>,
  none: string,
  kind: [one: string, many: string] = ['category', 'categories'],
): string {
  if (ids.length === 0) return none;
  const known = ids.map((id) => names.get(id)).filter((n): n is string => n !== undefined);
  const unknown = ids.length - known.length;
  // An id the runner cannot see counts nothing; it is mentioned, never named.
  if (unknown > 0) known.push(unknown === 1 ? `one ${kind[0]} you cannot see` : `${unknown} ${kind[1]} you cannot see`);
  return known.join(', ');
}

const WORD_MATCH_TEXT = { any: 'Any of', all: 'All of', exclude: 'None of' } as const;

/** The filters added after the first saved reports: a line each only when chosen, so older files read the same. */
function laterLines(input: DescribeInput): [label: string, value: string][] {
  const { filters } = input.definition;
  const lines: [string, string][] = [];
  if (filters.words && filters.words.list.length > 0) {
    lines.push(['Containing words', `${WORD_MATCH_TEXT[filters.words.match]}: ${filters.words.list.join(', ')}`]);
  }
  const assigned = filters.assignedTo;
  if (assigned && (assigned.ids.length > 0 || assigned.unassigned)) {
    const names = assigned.ids.map((id) => input.staffNames.get(id) ?? 'A former member of staff');
    lines.push(['Assigned to', [...names, ...(assigned.unassigned ? ['No one'] : [])].join(', ')]);
  }
  if (filters.agencies && filters.agencies.ids.length > 0) {
    lines.push([
      'Agencies',
      listed(filters.agencies.ids, input.agencyNames ?? new Map(), 'Any', ['agency', 'agencies']),
    ]);
  }
  if (filters.includeLinked === false)
    lines.push(['Linked pupils', 'Each incident once, for the pupil it was recorded about']);
  const fields = input.fieldLabels ?? new Map<string, string>();
  lines.push(...incidentFieldLines(filters.customFields, fields));
  if (filters.pupils) lines.push(...pupilFilterLines(filters.pupils, { categories: input.categoryNames, fields }));
  return lines;
}

/** The filters as label/value lines, in the form's order. */
export function filterLines(input: DescribeInput): [label: string, value: string][] {
  const { filters } = input.definition;
  const dates = filters.dates;
  const when = rangeText(input.days);
  const datesText =
    dates.kind === 'quick' ? `${QUICK_RANGE_LABELS[dates.range]}: ${when}` : when === 'of any date' ? 'Any date' : when;
  const recorders = filters.recordedBy.ids
    .map((id) => input.staffNames.get(id) ?? 'A former member of staff')
    .join(', ');
  const recordedBy =
    filters.recordedBy.ids.length === 0
      ? 'Anyone'
      : filters.recordedBy.mode === 'exclude'
        ? `Anyone but ${recorders}`
        : recorders;
  const categories = listed(filters.categories.ids, input.categoryNames, 'Any category');
  return [
    ['Dates', datesText.charAt(0).toUpperCase() + datesText.slice(1)],
    [
      'Categories',
      filters.categories.match === 'all' && filters.categories.ids.length > 1 ? `All of: ${categories}` : categories,
    ],
    ['Status', filters.status === 'any' ? 'Active or closed' : filters.status === 'active' ? 'Active' : 'Closed'],
    ['Recorded by', recordedBy],
    ...laterLines(input),
    ...(input.table
      ? ([
          [
            'Grouped by',
            !input.table.secondary
              ? input.table.primary.label
              : input.definition.report.type === 'combined-graph'
                ? `${input.table.primary.label} as columns, a line per ${input.table.secondary.label.toLowerCase()}`
                : `${input.table.primary.label}, then ${input.table.secondary.label.toLowerCase()}`,
          ],
        ] as [string, string][])
      : []),
    ...listingLines(input.definition),
  ];
}

/** A listing's choices in words: what it includes and which names are hidden. */
function listingLines(definition: ReportDefinition): [string, string][] {
  const report = definition.report;
  if (report.type !== 'listing') return [];
  const hidden = [report.hideStudentNames ? 'student names' : null, report.hideStaffNames ? 'staff names' : null]
    .filter(Boolean)
    .join(' and ');
  return [
    [
      'Includes',
      LISTING_INCLUDES.filter((k) => report.include[k])
        .map((k) => LISTING_INCLUDE_LABELS[k])
        .join(', '),
    ],
    ...(report.include.basicData && report.basicDataFields
      ? ([['Basic data', report.basicDataFields.map((f) => BASIC_DATA_LABELS[f]).join(', ')]] as [string, string][])
      : []),
    ['Names', hidden ? `Hidden: ${hidden}` : 'Shown'],
  ];
}

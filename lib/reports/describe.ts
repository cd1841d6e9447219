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
import { LISTING_INCLUDE_LABELS, LISTING_INCLUDES, QUICK_RANGE_LABELS, type ReportDefinition } from './definition';
import type { SummaryTable } from './summary-table';

/** "Incidents by category and month and year": the heading of the enquiry view and of the files. */
export function reportTitle(table: Pick<SummaryTable, 'primary' | 'secondary'>): string {
  return `Incidents by ${table.primary.label.toLowerCase()}${
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
}

function listed(ids: readonly string[], names: ReadonlyMap<string, string>, none: string): string {
  if (ids.length === 0) return none;
  const known = ids.map((id) => names.get(id)).filter((n): n is string => n !== undefined);
  const unknown = ids.length - known.length;
  // An id the runner cannot see counts nothing; it is mentioned, never named.
  if (unknown > 0) known.push(unknown === 1 ? 'one category you cannot see' : `${unknown} categories you cannot see`);
  return known.join(', ');
}

/** The filters as label/value lines, in the form's order. */
export function filterLines(input: DescribeInput): [label: string, value: string][] {
  const { filters } = input.definition;
  const dates = filters.dates;
  const when = rangeText(input.days);
  const datesText =
    dates.kind === 'quick' ? `${QUICK_RANGE_LABELS[dates.range]}: ${when}` : when === 'of any date' ? 'Any date' : when;
  const recordedBy =
    filters.recordedBy.ids.length === 0
      ? 'Anyone'
      : filters.recordedBy.ids.map((id) => input.staffNames.get(id) ?? 'A former member of staff').join(', ');
  return [
    ['Dates', datesText.charAt(0).toUpperCase() + datesText.slice(1)],
    ['Categories', listed(filters.categories.ids, input.categoryNames, 'Any category')],
    ['Status', filters.status === 'any' ? 'Active or closed' : filters.status === 'active' ? 'Active' : 'Closed'],
    ['Recorded by', recordedBy],
    ...(input.table
      ? ([
          [
            'Grouped by',
            input.table.secondary
              ? `${input.table.primary.label}, then ${input.table.secondary.label.toLowerCase()}`
              : input.table.primary.label,
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
    ['Names', hidden ? `Hidden: ${hidden}` : 'Shown'],
  ];
}

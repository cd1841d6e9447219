/**
 * A summary table as renderers receive it (the enquiry view now; PDF and
 * Excel later): the statement's counts (./incident-query.ts) laid out as
 * rows, optional columns and totals, each group with the words a person
 * reads, in the order they expect (categories in the school's order, months
 * and weekdays in the calendar's, groups by name with numbers in order).
 *
 * Pure module.
 */
import { DEFAULT_NAME_STYLE, formatPupilName, type PupilNames } from '@/lib/students/names';
import { SEN_CODES, SEN_LABELS } from '@/lib/students/sen';
import { GROUPING_LABELS, isCustomFieldGrouping, type CustomFieldGrouping, type ReportGrouping } from './definition';
import type { CountRow } from './incident-query';

export interface TableGroup {
  /** The stored value it stands for; null for "none" (no tutor group, recorded by no person). */
  key: string | null;
  label: string;
}

export interface SummaryTable {
  primary: { by: ReportGrouping; label: string };
  secondary: { by: ReportGrouping; label: string } | null;
  /** The secondary grouping's values; empty without one. */
  columns: TableGroup[];
  rows: (TableGroup & { cells: number[]; total: number })[];
  columnTotals: number[];
  total: number;
  /**
   * An incident in several categories is counted once under each when a
   * grouping is by category, so rows or columns may add up to more than the
   * total; the page says so.
   */
  countsPerCategory: boolean;
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTH = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const NONE: Partial<Record<ReportGrouping, string>> = {
  'year-group': 'No year group',
  'tutor-group': 'No tutor group',
  'recorded-by': 'Not recorded by a member of staff',
  'assigned-to': 'Unassigned',
  agency: 'No agency from the list',
  'academic-year': 'Outside the school calendar',
  gender: 'Gender not recorded',
  'sen-status': 'SEN status not recorded',
  ethnicity: 'Ethnicity not recorded',
  religion: 'Religion not recorded',
};

const YES_NO: Partial<Record<ReportGrouping, readonly [yes: string, no: string]>> = {
  'pupil-premium': ['Pupil premium', 'Not pupil premium'],
  eal: ['English as an additional language', 'Not EAL'],
  fsm: ['Free school meals', 'No free school meals'],
  'looked-after': ['Looked after', 'Not looked after'],
};

/** Words a pupil grouping's stored names (legal forename and surname, preferred forename and surname). */
export type PupilLabeller = (names: PupilNames) => string;

function pupilLabel(stored: string | null, key: string, name: PupilLabeller): string {
  try {
    const [legalForename, legalSurname, preferredForename, preferredSurname] = JSON.parse(stored ?? '') as string[];
    return name({
      legalForename: legalForename ?? '',
      legalSurname: legalSurname ?? '',
      preferredForename: preferredForename ?? '',
      preferredSurname: preferredSurname ?? '',
    });
  } catch {
    return key;
  }
}

export function groupLabel(
  by: ReportGrouping,
  key: string | null,
  stored: string | null,
  // A caller that gives no name style shows initials only.
  pupilName: PupilLabeller = (n) => formatPupilName(n, { ...DEFAULT_NAME_STYLE, hidden: true }),
): string {
  if (key === null) return NONE[by] ?? (isCustomFieldGrouping(by) ? 'No answer' : 'None');
  const yesNo = YES_NO[by];
  if (yesNo) return key === 'yes' ? yesNo[0] : yesNo[1];
  switch (by) {
    case 'pupil':
      return pupilLabel(stored, key, pupilName);
    case 'sen-status':
      return SEN_LABELS[key as keyof typeof SEN_LABELS] ?? key;
    case 'hour':
      return `${key}:00–${key}:59`;
    case 'status':
      return key === 'closed' ? 'Closed' : 'Active';
    case 'month': {
      const [y, m] = key.split('-').map(Number) as [number, number];
      return MONTH.format(new Date(Date.UTC(y, m - 1, 1)));
    }
    case 'weekday':
      return WEEKDAYS[Number(key) - 1] ?? key;
    default:
      return stored ?? key;
  }
}

const byName = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });

/** Sorts groups as a person expects them; `categoryOrder` is the school's category ids in its order. */
function orderGroups(by: ReportGrouping, groups: TableGroup[], categoryOrder: readonly string[]): TableGroup[] {
  const position = new Map(categoryOrder.map((id, i) => [id, i]));
  const rank = (g: TableGroup): number | string => {
    switch (by) {
      case 'category':
      case 'parent-category':
        return position.get(g.key ?? '') ?? Number.MAX_SAFE_INTEGER;
      case 'status':
        return g.key === 'active' ? 0 : 1;
      case 'month':
      case 'weekday':
      case 'hour':
      case 'academic-year':
        return g.key ?? '';
      case 'sen-status':
        return SEN_CODES.indexOf(g.key as (typeof SEN_CODES)[number]);
      case 'pupil-premium':
      case 'eal':
      case 'fsm':
      case 'looked-after':
        return g.key === 'yes' ? 0 : 1;
      default:
        return g.label;
    }
  };
  return [...groups].sort((a, b) => {
    // "None" comes last whatever the grouping.
    if ((a.key === null) !== (b.key === null)) return a.key === null ? 1 : -1;
    const ra = rank(a);
    const rb = rank(b);
    if (typeof ra === 'number' && typeof rb === 'number') return ra - rb || byName.compare(a.label, b.label);
    return byName.compare(String(ra), String(rb)) || byName.compare(a.label, b.label);
  });
}

const idOf = (key: string | null) => key ?? '\u0000none';

export function buildSummaryTable(
  counts: readonly CountRow[],
  primary: ReportGrouping,
  secondary: ReportGrouping | null,
  categoryOrder: readonly string[],
  names: {
    /** The runner's name style for a pupil grouping ("hide names" included). */
    pupil?: PupilLabeller;
    /** A custom field's label, for a custom-field grouping's heading. */
    customField?: (by: CustomFieldGrouping) => string;
  } = {},
): SummaryTable {
  const pupilName = names.pupil;
  const headingOf = (by: ReportGrouping) =>
    isCustomFieldGrouping(by) ? (names.customField?.(by) ?? 'Custom field') : GROUPING_LABELS[by];
  const rowGroups = counts
    .filter((c) => !c.primaryTotal && c.secondaryTotal)
    .map((c) => ({
      key: c.primaryKey,
      label: groupLabel(primary, c.primaryKey, c.primaryLabel, pupilName),
      total: c.count,
    }));
  const colGroups = secondary
    ? counts
        .filter((c) => c.primaryTotal && !c.secondaryTotal)
        .map((c) => ({
          key: c.secondaryKey,
          label: groupLabel(secondary, c.secondaryKey, c.secondaryLabel, pupilName),
          total: c.count,
        }))
    : [];
  const columns = secondary ? orderGroups(secondary, colGroups, categoryOrder) : [];
  const cells = new Map(
    counts
      .filter((c) => !c.primaryTotal && !c.secondaryTotal)
      .map((c) => [`${idOf(c.primaryKey)}|${idOf(c.secondaryKey)}`, c.count]),
  );
  const totals = new Map(rowGroups.map((g) => [idOf(g.key), g.total]));
  const colTotals = new Map(colGroups.map((g) => [idOf(g.key), g.total]));
  const rows = orderGroups(primary, rowGroups, categoryOrder).map((g) => ({
    key: g.key,
    label: g.label,
    cells: columns.map((col) => cells.get(`${idOf(g.key)}|${idOf(col.key)}`) ?? 0),
    total: totals.get(idOf(g.key)) ?? 0,
  }));
  const perCategory = (by: ReportGrouping | null) => by === 'category' || by === 'parent-category';
  return {
    primary: { by: primary, label: headingOf(primary) },
    secondary: secondary ? { by: secondary, label: headingOf(secondary) } : null,
    columns: columns.map(({ key, label }) => ({ key, label })),
    rows,
    columnTotals: columns.map((col) => colTotals.get(idOf(col.key)) ?? 0),
    total: counts.find((c) => c.primaryTotal && c.secondaryTotal)?.count ?? 0,
    countsPerCategory: perCategory(primary) || perCategory(secondary),
  };
}

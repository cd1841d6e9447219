/**
 * The pupil filters (./pupil-filters.ts) and the incident form's custom-field
 * filters in words, for the head of a downloaded file: one line per filter
 * set, none for those left at "any". Names come from the runner's own lists.
 *
 * Pure module.
 */
import { BASIC_DATA_LABELS, type StudentListingReport } from './definition';
import { SEN_FILTER_LABELS, type PupilFilters } from './pupil-filters';

const yesNo = (b: boolean | null) => (b === null ? null : b ? 'Yes' : 'No');

export function pupilFilterLines(
  f: PupilFilters,
  names: {
    categories: ReadonlyMap<string, string>;
    /** Custom fields' labels by id. */
    fields: ReadonlyMap<string, string>;
  },
): [label: string, value: string][] {
  const lines: [string, string | null][] = [];
  if (f.monitored) {
    const cats = f.monitored.categoryIds.map((id) => names.categories.get(id) ?? 'a category you cannot see');
    const when =
      f.monitored.when === 'now'
        ? 'Monitored now'
        : f.monitored.when === 'ever'
          ? 'Ever monitored'
          : `Monitored between ${f.monitored.from} and ${f.monitored.to}`;
    const where =
      cats.length === 0
        ? ''
        : ` in ${f.monitored.match === 'all' && cats.length > 1 ? 'all of ' : ''}${cats.join(', ')}`;
    lines.push(['Pupils monitored', `${when}${where}`]);
  }
  lines.push(
    ['Year group', f.yearGroup],
    ['Gender', f.gender],
    [
      'Age',
      f.age.from === null && f.age.to === null
        ? null
        : f.age.to === null
          ? `${f.age.from} or older`
          : f.age.from === null
            ? `${f.age.to} or younger`
            : `${f.age.from} to ${f.age.to}`,
    ],
    ['SEN status', f.sen === null ? null : SEN_FILTER_LABELS[f.sen]],
    ['Pupil premium', yesNo(f.pupilPremium)],
    ['Free school meals', yesNo(f.freeSchoolMeals)],
    ['English as an additional language', yesNo(f.eal)],
    ['Looked after', yesNo(f.lookedAfter)],
    ['Ethnicity', f.ethnicity],
    ['Religion', f.religion],
  );
  for (const c of f.custom) lines.push([names.fields.get(c.fieldId) ?? 'A pupil field no longer on the form', c.value]);
  lines.push(['Pupils who have left', f.includeArchived ? 'Included' : 'Left out']);
  return lines.filter((l): l is [string, string] => l[1] !== null);
}

/** The incident form's custom-field filters: "Field: option, option". */
export function incidentFieldLines(
  chosen: Readonly<Record<string, readonly string[]>> | undefined,
  fields: ReadonlyMap<string, string>,
): [label: string, value: string][] {
  return Object.entries(chosen ?? {}).map(([id, options]) => [
    fields.get(id) ?? 'A field no longer on the form',
    options.join(', '),
  ]);
}

const STUDENT_LISTING_LABELS = {
  basicData: 'The pupil’s basic data',
  customFields: 'Custom fields',
  contacts: 'The pupil’s contacts',
} as const;

/** A Students listing's choices in words: what each pupil's card holds, and whether names are hidden. */
export function studentListingLines(report: StudentListingReport): [label: string, value: string][] {
  const included = (Object.keys(STUDENT_LISTING_LABELS) as (keyof typeof STUDENT_LISTING_LABELS)[])
    .filter((k) => report.include[k])
    .map((k) => STUDENT_LISTING_LABELS[k]);
  return [
    ['Includes', ['Name, year and tutor group', ...included].join(', ')],
    ...(report.include.basicData && report.basicDataFields
      ? ([['Basic data', report.basicDataFields.map((f) => BASIC_DATA_LABELS[f]).join(', ')]] as [string, string][])
      : []),
    ['Names', report.hideStudentNames ? 'Hidden: student names' : 'Shown'],
  ];
}

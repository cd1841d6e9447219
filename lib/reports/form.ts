/**
 * The Custom report's filter form, a GET form (a report can be bookmarked,
 * and it works without JavaScript): the address's fields → what was typed,
 * the messages for each field, and the definition when everything is valid.
 * The definition's own schema (./definition.ts) is the one judge; this only
 * maps form fields onto it and its messages back onto the fields.
 *
 * Pure module.
 */
import { z } from 'zod';
import { fieldErrorsOf } from '@/lib/errors';
import {
  BASIC_DATA_FIELDS,
  CHART_KINDS,
  CHART_SERIES,
  CHART_VALUES,
  INCIDENT_GROUPINGS,
  INCIDENT_STATUSES,
  LISTING_INCLUDES,
  MAX_WORD_LENGTH,
  MAX_WORDS,
  QUICK_RANGES,
  WORD_MATCHES,
  REPORT_DEFINITION_VERSION,
  reportDefinition,
  type ChartSeriesLayout,
  type ChartValues,
  type DateFilter,
  type ListingInclude,
  type ReportGrouping,
  type CustomFieldGrouping,
  isCustomFieldGrouping,
  type ReportDefinition,
  studentReport,
  type StudentReportDefinition,
  STUDENT_SUBJECT_GROUPINGS,
} from './definition';
import {
  PUPIL_FILTER_DEFAULTS,
  pupilFilterQuery,
  pupilFilterSchema,
  pupilFiltersActive,
  readPupilFilterValues,
  type PupilFilterErrors,
  type PupilFilters,
  type PupilFilterValues,
} from './pupil-filters';

export const RANGE_CHOICES = ['any', ...QUICK_RANGES, 'between'] as const;
/** "Show as": the summary table, a summary chart of one of its kinds, a listing or a combined graph. */
export const DISPLAY_CHOICES = ['table', ...CHART_KINDS, 'listing', 'combined'] as const;
/** A combined graph's lines are its second grouping: without one there is nothing to combine. */
export const COMBINED_NEEDS_SECOND =
  'Choose a second grouping: the combined graph draws a line for each of its groups.';
export type DisplayChoice = (typeof DISPLAY_CHOICES)[number];
export type RangeChoice = (typeof RANGE_CHOICES)[number];

export interface CustomReportValues {
  range: string;
  from: string;
  to: string;
  category: string[];
  categoryMatch: string;
  /** "Containing words": each word as typed (the page adds one per Enter). */
  word: string[];
  wordMatch: string;
  status: string;
  recordedBy: string;
  recordedByMode: string;
  /** A member of staff's id, `unassigned`, or empty for anyone. */
  assignedTo: string;
  agency: string[];
  /** `include`: linked pupils' copies count too; `exclude`: each incident once. */
  linked: string;
  primary: string;
  secondary: string;
  display: string;
  values: string;
  series: string;
  /** A listing's "Include in report" boxes (LISTING_INCLUDES). */
  include: string[];
  /** A listing's hide options: '1' when ticked. */
  hideStudents: string;
  hideStaff: string;
  /** A listing's basic data fields ticked (BASIC_DATA_FIELDS). */
  basicField: string[];
  /**
   * '1' when the form offered the field boxes: then an empty list is "none ticked". A form without
   * them (a bookmark from before, or one that does not offer them) shows every field.
   */
  basicFieldsOffered: string;
  /** The pupil filters (./pupil-filters.ts), under their own address names (the Attendance page's). */
  pupils: PupilFilterValues;
  /** The incident form's dropdown custom fields: field id → options ticked (address name `icf-<id>`). */
  incidentFields: Record<string, string[]>;
  /** What the report counts: `incidents`, or `students` (pupils, by the pupil filters). */
  subject: string;
  /** A Students report: `matching` for "students with incidents matching" the incident filters; empty for any. */
  withIncidents: string;
}

export type CustomReportField = Exclude<keyof CustomReportValues, 'pupils' | 'incidentFields'>;
export const SUBJECT_CHOICES = ['incidents', 'students'] as const;
/** The grouping a Students report starts with when the form only offered incident groupings. */
export const STUDENTS_DEFAULT_GROUPING = 'year-group';
/** The address name of an incident custom field's filter. */
export const incidentFieldName = (fieldId: string): `icf-${string}` => `icf-${fieldId}`;
/** Messages by field: the form's own, the pupil filters' (their names never clash) and each incident field's. */
export type CustomReportErrors = Partial<Record<CustomReportField | `icf-${string}`, string[]>> & PupilFilterErrors;

export interface CustomReportForm {
  values: CustomReportValues;
  fieldErrors: CustomReportErrors;
  /** Set when the form was submitted and every field is valid. */
  definition: ReportDefinition | null;
  /** Set instead when the report is on Students and every field is valid. */
  studentDefinition?: StudentReportDefinition | null;
  /** The form was submitted ("Generate report"), as opposed to opened. */
  submitted: boolean;
}

export const DEFAULT_VALUES: CustomReportValues = {
  range: 'this-academic-year',
  from: '',
  to: '',
  category: [],
  categoryMatch: 'any',
  word: [],
  wordMatch: 'any',
  status: 'any',
  recordedBy: '',
  recordedByMode: 'only',
  assignedTo: '',
  agency: [],
  linked: 'include',
  primary: 'category',
  secondary: '',
  display: 'table',
  values: 'counts',
  series: 'stacked',
  include: ['incidents', 'actions'],
  hideStudents: '',
  hideStaff: '',
  basicField: [...BASIC_DATA_FIELDS],
  basicFieldsOffered: '',
  pupils: PUPIL_FILTER_DEFAULTS,
  incidentFields: {},
  subject: 'incidents',
  withIncidents: '',
};

type Query = Record<string, string | string[] | undefined>;

const one = (v: string | string[] | undefined, fallback: string) =>
  (Array.isArray(v) ? (v[0] ?? fallback) : (v ?? fallback)).trim().slice(0, 200);
const many = (v: string | string[] | undefined) =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((s) => s.trim().slice(0, 100)).filter((s) => s !== '');

/**
 * The words typed: each field sent is one or more words (without JavaScript the box is sent as
 * typed, so spaces and commas part them). Never more kept than a long form needs to show its message.
 */
const wordsOf = (v: string | string[] | undefined) =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v])
    .flatMap((s) => s.split(/[\s,]+/))
    .filter((s) => s !== '')
    .slice(0, MAX_WORDS + 1)
    .map((s) => s.slice(0, MAX_WORD_LENGTH + 1));

const INCIDENT_FIELD_NAME = /^icf-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** Every `icf-<id>` sent, as typed (at most a form's worth): judged against the school's form by the page. */
function incidentFieldsOf(query: Query): Record<string, string[]> {
  return Object.fromEntries(
    Object.keys(query)
      .map((k) => INCIDENT_FIELD_NAME.exec(k)?.[1])
      .filter((id): id is string => id !== undefined)
      .slice(0, 50)
      .map((id) => [id, many(query[incidentFieldName(id)]).slice(0, 101)] as const)
      .filter(([, options]) => options.length > 0),
  );
}

const choice = <T extends readonly [string, ...string[]]>(list: T, message: string) =>
  z.enum(list, { error: () => message });

/** A built-in grouping, or a custom field's (which the page checks against the school's form). */
const groupingChoice = (message: string) =>
  z.union(
    [
      z.enum(INCIDENT_GROUPINGS),
      z.custom<CustomFieldGrouping>((v) => typeof v === 'string' && isCustomFieldGrouping(v)),
    ],
    {
      error: () => message,
    },
  );

/** The form's own fields: closed lists are checked here, so their messages name the form's words. */
const formFields = z.object({
  range: choice(RANGE_CHOICES, 'Choose a date range from the list.'),
  status: choice(['any', ...INCIDENT_STATUSES], 'Choose a status from the list.'),
  categoryMatch: choice(['any', 'all'], 'Choose any or all of the categories.'),
  wordMatch: choice(WORD_MATCHES, 'Choose any, all or none of the words.'),
  recordedByMode: choice(['only', 'exclude'], 'Choose only or all but the member of staff.'),
  linked: choice(['include', 'exclude'], 'Choose whether to count linked pupils’ copies.'),
  primary: groupingChoice('Choose a grouping from the list.'),
  secondary: z.union([z.literal(''), groupingChoice('Choose a grouping from the list, or none.')]),
  display: choice(DISPLAY_CHOICES, 'Choose a table or a chart from the list.'),
  values: choice(CHART_VALUES, 'Choose counts or percentages.'),
  series: choice(CHART_SERIES, 'Choose stacked or side by side.'),
  include: z.array(choice(LISTING_INCLUDES, 'Choose what to include from the list.')),
  hideStudents: z.enum(['', '1'], { error: () => 'Tick the box or leave it empty.' }),
  hideStaff: z.enum(['', '1'], { error: () => 'Tick the box or leave it empty.' }),
  basicField: z.array(choice(BASIC_DATA_FIELDS, 'Choose basic data fields from the list.')),
  basicFieldsOffered: z.enum(['', '1'], { error: () => 'Tick the box or leave it empty.' }),
  subject: choice(SUBJECT_CHOICES, 'Choose Incidents or Students.'),
  withIncidents: z.enum(['', 'matching'], { error: () => 'Choose any pupil, or those with incidents matching.' }),
});

function datesOf(v: CustomReportValues, range: RangeChoice): DateFilter {
  if (range === 'any') return { kind: 'any' };
  if (range === 'between') return { kind: 'between', from: v.from || null, to: v.to || null };
  return { kind: 'quick', range };
}

/** Where a definition's message belongs on the form. */
function fieldOf(path: readonly PropertyKey[]): keyof CustomReportErrors {
  const [top, second, third] = path;
  if (top === 'filters') {
    if (second === 'customFields' && typeof third === 'string') return incidentFieldName(third);
    // The pupil filters were judged field by field before (pupilFilterSchema): only a forged whole lands here.
    if (second === 'pupils') return 'monitored';
    if (second === 'dates') return third === 'to' ? 'to' : third === 'from' ? 'from' : 'range';
    if (second === 'categories') return 'category';
    if (second === 'recordedBy') return 'recordedBy';
    if (second === 'words') return 'word';
    if (second === 'assignedTo') return 'assignedTo';
    if (second === 'agencies') return 'agency';
    if (second === 'includeLinked') return 'linked';
    return 'status';
  }
  if (second === 'include') return 'include';
  if (second === 'basicDataFields') return 'basicField';
  if (second === 'chart') return 'display';
  if (second === 'values' || second === 'series') return second;
  return second === 'secondary' ? 'secondary' : 'primary';
}

function reportOf(
  fields: {
    values: ChartValues;
    series: ChartSeriesLayout;
    include: ListingInclude[];
    hideStudents: '' | '1';
    hideStaff: '' | '1';
    basicField: (typeof BASIC_DATA_FIELDS)[number][];
    basicFieldsOffered: '' | '1';
  },
  display: DisplayChoice,
  primary: ReportGrouping,
  secondary: ReportGrouping | '',
) {
  if (display === 'listing') {
    const basicFields = BASIC_DATA_FIELDS.filter((f) => fields.basicField.includes(f));
    // Only the choices made: every field, or contacts left out, is stored as before those choices existed.
    const someFields =
      fields.include.includes('basicData') &&
      fields.basicFieldsOffered === '1' &&
      basicFields.length < BASIC_DATA_FIELDS.length;
    return {
      type: 'listing',
      include: Object.fromEntries(
        LISTING_INCLUDES.filter((k) => k !== 'contacts' || fields.include.includes(k)).map((k) => [
          k,
          fields.include.includes(k),
        ]),
      ),
      ...(someFields ? { basicDataFields: basicFields } : {}),
      hideStudentNames: fields.hideStudents === '1',
      hideStaffNames: fields.hideStaff === '1',
    };
  }
  const groups = { primary: { by: primary }, secondary: secondary ? { by: secondary } : null };
  if (display === 'table') return { type: 'summary-table', ...groups };
  if (display === 'combined') return { type: 'combined-graph', values: fields.values, ...groups };
  return { type: 'summary-chart', chart: display, values: fields.values, series: fields.series, ...groups };
}

export function parseCustomReportQuery(query: Query): CustomReportForm {
  const submitted = query.primary !== undefined;
  const values: CustomReportValues = submitted
    ? {
        range: one(query.range, DEFAULT_VALUES.range),
        from: one(query.from, ''),
        to: one(query.to, ''),
        category: many(query.category),
        // A form from before these choices sends none of them: it asked for what they default to.
        categoryMatch: one(query.categoryMatch, DEFAULT_VALUES.categoryMatch),
        word: wordsOf(query.word),
        wordMatch: one(query.wordMatch, DEFAULT_VALUES.wordMatch),
        status: one(query.status, 'any'),
        recordedBy: one(query.recordedBy, ''),
        recordedByMode: one(query.recordedByMode, DEFAULT_VALUES.recordedByMode),
        assignedTo: one(query.assignedTo, ''),
        agency: many(query.agency),
        linked: one(query.linked, DEFAULT_VALUES.linked),
        primary: one(query.primary, ''),
        secondary: one(query.secondary, ''),
        // A form from before charts existed sends none of these: it asked for a table.
        display: one(query.display, DEFAULT_VALUES.display),
        values: one(query.values, DEFAULT_VALUES.values),
        series: one(query.series, DEFAULT_VALUES.series),
        include: many(query.include),
        hideStudents: one(query.hideStudents, ''),
        hideStaff: one(query.hideStaff, ''),
        basicField: many(query.basicField),
        basicFieldsOffered: one(query.basicFieldsOffered, ''),
        pupils: readPupilFilterValues(query),
        incidentFields: incidentFieldsOf(query),
        subject: one(query.subject, DEFAULT_VALUES.subject),
        withIncidents: one(query.withIncidents, ''),
      }
    : DEFAULT_VALUES;
  if (!submitted) return { values, fieldErrors: {}, definition: null, submitted };
  if (values.subject === 'students' && one(query.groupingsFor, '') === 'incidents') startOnStudents(values);

  const fields = formFields.safeParse(values);
  const pupils = pupilFilterSchema.safeParse(values.pupils);
  if (!fields.success || !pupils.success)
    return {
      values,
      fieldErrors: {
        ...(fields.success ? {} : fieldErrorsOf(fields.error.issues)),
        ...(pupils.success ? {} : pupilErrorsOf(pupils.error.issues)),
      },
      definition: null,
      submitted,
    };
  const { range, status, primary, secondary, display, categoryMatch, wordMatch, recordedByMode, linked } = fields.data;
  const assignee = values.assignedTo;
  if (range !== 'between' && (values.from || values.to)) {
    return {
      values,
      fieldErrors: { range: ['Choose “Between dates” to use the dates you entered, or clear them.'] },
      definition: null,
      submitted,
    };
  }
  if (display === 'combined' && !secondary)
    return { values, fieldErrors: { secondary: [COMBINED_NEEDS_SECOND] }, definition: null, submitted };
  const incidentFilters = {
    dates: datesOf(values, range),
    categories: { match: categoryMatch, ids: values.category },
    status,
    recordedBy: { mode: recordedByMode, ids: values.recordedBy ? [values.recordedBy] : [] },
    // Only the choices made: a report without them is stored as one from before they existed.
    ...(values.word.length > 0 ? { words: { match: wordMatch, list: values.word } } : {}),
    ...(assignee
      ? {
          assignedTo:
            assignee === 'unassigned' ? { ids: [], unassigned: true } : { ids: [assignee], unassigned: false },
        }
      : {}),
    ...(values.agency.length > 0 ? { agencies: { ids: values.agency } } : {}),
    ...(linked === 'exclude' ? { includeLinked: false } : {}),
    ...(Object.keys(values.incidentFields).length > 0 ? { customFields: values.incidentFields } : {}),
  };
  const report = reportOf(fields.data, display, primary, secondary);
  // On Students the pupil filters choose the pupils themselves; on incidents they filter the incident's pupil.
  if (fields.data.subject === 'students') return studentsForm(values, submitted, pupils.data, incidentFilters, report);
  const parsed = reportDefinition.safeParse({
    version: REPORT_DEFINITION_VERSION,
    subject: 'incidents',
    filters: { ...incidentFilters, ...(pupilFiltersActive(values.pupils) ? { pupils: pupils.data } : {}) },
    report,
  });
  if (parsed.success) return { values, fieldErrors: {}, definition: parsed.data, submitted };
  const fieldErrors: CustomReportErrors = {};
  for (const issue of parsed.error.issues) {
    const field = fieldOf(issue.path);
    // Several bad words share one message.
    if (!fieldErrors[field]?.includes(issue.message)) (fieldErrors[field] ??= []).push(issue.message);
  }
  return { values, fieldErrors, definition: null, submitted };
}

/**
 * Students chosen on a form that offered incident groupings (the first
 * Generate after switching the subject): a grouping the person could not
 * have chosen for pupils becomes year group, and such a second grouping
 * none, rather than a message about a choice they were never offered. A
 * form that offered pupil groupings is judged as sent.
 */
function startOnStudents(values: CustomReportValues): void {
  const pupilGrouping = (by: string) =>
    (STUDENT_SUBJECT_GROUPINGS as readonly string[]).includes(by) || isCustomFieldGrouping(by);
  if (!pupilGrouping(values.primary)) values.primary = STUDENTS_DEFAULT_GROUPING;
  if (values.secondary && (!pupilGrouping(values.secondary) || values.secondary === values.primary))
    values.secondary = '';
}

/**
 * A Students report from the same fields: the pupil filters choose the
 * pupils, and the incident filters (built without them), when "with
 * incidents matching" is chosen, ask for at least one matching incident.
 */
function studentsForm(
  values: CustomReportValues,
  submitted: boolean,
  pupils: PupilFilters,
  incidentFilters: Record<string, unknown>,
  report: ReturnType<typeof reportOf>,
): CustomReportForm {
  const parsed = studentReport.safeParse({
    version: REPORT_DEFINITION_VERSION,
    subject: 'students',
    filters: { pupils, incidents: values.withIncidents === 'matching' ? incidentFilters : null },
    report: report.type === 'listing' && 'hideStudentNames' in report ? pupilListingOf(report) : report,
  });
  return studentsResult(values, submitted, parsed);
}

/**
 * A listing's fields as a Students listing: the includes that are a pupil's
 * own (incidents and actions are an incident listing's, and are not offered
 * beside Students), and hidden student names (there are no staff to hide).
 */
function pupilListingOf(report: {
  include: Partial<Record<ListingInclude, boolean>>;
  basicDataFields?: readonly string[];
  hideStudentNames: boolean;
}) {
  const { include } = report;
  return {
    type: 'listing',
    include: {
      basicData: include.basicData === true,
      customFields: include.customFields === true,
      contacts: include.contacts === true,
    },
    ...(report.basicDataFields ? { basicDataFields: report.basicDataFields } : {}),
    hideStudentNames: report.hideStudentNames,
  };
}

function studentsResult(
  values: CustomReportValues,
  submitted: boolean,
  parsed: ReturnType<typeof studentReport.safeParse>,
): CustomReportForm {
  if (parsed.success) return { values, fieldErrors: {}, definition: null, studentDefinition: parsed.data, submitted };
  const fieldErrors: CustomReportErrors = {};
  for (const issue of parsed.error.issues) {
    const [top, second, ...rest] = issue.path;
    const field = top === 'filters' && second === 'incidents' ? fieldOf(['filters', ...rest]) : fieldOf(issue.path);
    if (!fieldErrors[field]?.includes(issue.message)) (fieldErrors[field] ??= []).push(issue.message);
  }
  return { values, fieldErrors, definition: null, studentDefinition: null, submitted };
}

/** A pupil filter's message under its address name (a custom field's is `cf-<id>`). */
function pupilErrorsOf(issues: readonly { path: readonly PropertyKey[]; code: string; message: string }[]) {
  const errors: PupilFilterErrors = {};
  for (const issue of issues) {
    const [top, id] = issue.path;
    const key = (
      top === 'custom' && typeof id === 'string' ? `cf-${id}` : String(top ?? 'monitored')
    ) as keyof PupilFilterErrors;
    (errors[key] ??= []).push(issue.message);
  }
  return errors;
}

/** The address of a definition's form, for links that open a report already filled in. */
export function customReportQuery(values: CustomReportValues): URLSearchParams {
  const q = new URLSearchParams();
  const { pupils, incidentFields, subject, withIncidents, ...own } = values;
  for (const [k, v] of Object.entries(own)) {
    for (const item of Array.isArray(v) ? v : [v]) q.append(k, item);
  }
  // Only what differs from the defaults: the address of a report without pupil filters stays as it was.
  for (const [k, v] of pupilFilterQuery(pupils ?? PUPIL_FILTER_DEFAULTS)) q.append(k, v);
  for (const [id, options] of Object.entries(incidentFields ?? {}))
    for (const o of options) q.append(incidentFieldName(id), o);
  // Only for a Students report: an incident report's address stays as it was.
  if (subject === 'students') q.append('subject', subject);
  if (withIncidents) q.append('withIncidents', withIncidents);
  return q;
}

/**
 * A report definition: what to count and how to show it, as data. It is
 * validated whole here, stored as JSON (saved reports) and run again later
 * ("Regenerate"), so its shape only ever grows: every choice is a tagged
 * object or a closed list, and a new subject, filter, grouping or report type
 * is a new member that leaves every stored definition valid. `version` names
 * the shape; a change that cannot be made by adding gets a new version and a
 * migration of the stored ones.
 *
 * Pure module.
 */
import { z } from 'zod';
import { isValidIsoDate } from '@/lib/attendance/dates';
import { storedPupilFilters } from './pupil-filters';

export const REPORT_DEFINITION_VERSION = 1;

/** Ranges resolved on the day the report runs, from the school's calendar (lib/calendar). */
export const QUICK_RANGES = ['last-7-days', 'last-month', 'this-term', 'this-academic-year'] as const;
export type QuickRange = (typeof QUICK_RANGES)[number];
export const QUICK_RANGE_LABELS: Record<QuickRange, string> = {
  'last-7-days': 'Last 7 days',
  'last-month': 'Last month',
  'this-term': 'This term',
  'this-academic-year': 'This academic year',
};

export const INCIDENT_GROUPINGS = [
  'category',
  'parent-category',
  'year-group',
  'tutor-group',
  'status',
  'recorded-by',
  'month',
  'weekday',
  'assigned-to',
  'agency',
  'hour',
  'academic-year',
  'pupil',
  'gender',
  'sen-status',
  'pupil-premium',
  'eal',
  'fsm',
  'looked-after',
  'ethnicity',
  'religion',
] as const;
export type IncidentGrouping = (typeof INCIDENT_GROUPINGS)[number];
export const GROUPING_LABELS: Record<IncidentGrouping, string> = {
  category: 'Category',
  'parent-category': 'Parent category',
  'year-group': 'Year group',
  'tutor-group': 'Tutor group',
  status: 'Status',
  'recorded-by': 'Recorded by',
  month: 'Month and year',
  weekday: 'Day of the week',
  'assigned-to': 'Assigned to',
  agency: 'Agency',
  hour: 'Hour of day',
  'academic-year': 'Academic year',
  pupil: 'Pupil',
  gender: 'Gender',
  'sen-status': 'SEN status',
  'pupil-premium': 'Pupil premium',
  eal: 'EAL',
  fsm: 'Free school meals',
  'looked-after': 'Looked after',
  ethnicity: 'Ethnicity',
  religion: 'Religion',
};

/**
 * A dropdown custom field of the incident form as a grouping: `custom-field:<field id>`, one
 * group per option recorded (an incident with several options of a multiple choice counts under
 * each).
 */
export const CUSTOM_FIELD_GROUPING = 'custom-field:';
export type CustomFieldGrouping = `custom-field:${string}`;
/** What a report may group by: a built-in grouping or a dropdown custom field. */
export type ReportGrouping = IncidentGrouping | CustomFieldGrouping;
const CUSTOM_FIELD_BY = /^custom-field:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const isCustomFieldGrouping = (by: string | null): by is CustomFieldGrouping =>
  by !== null && CUSTOM_FIELD_BY.test(by);
/** The field id of a custom-field grouping. */
export const customFieldIdOf = (by: CustomFieldGrouping) => by.slice(CUSTOM_FIELD_GROUPING.length);

export const INCIDENT_STATUSES = ['active', 'closed'] as const;

/** The earliest day a report may start on: nothing older exists, and it keeps typos such as 0202 out. */
export const EARLIEST_REPORT_DAY = '2000-01-01';

/** A limit on picked ids: a real form sends a few dozen; a forged one may not send thousands. */
const MAX_IDS = 200;

const isoDay = z
  .string()
  .refine(isValidIsoDate, 'Enter a real date, such as 2026-03-01.')
  .refine((v) => v >= EARLIEST_REPORT_DAY, 'Choose a date from 2000 onwards.');

const dateFilter = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('any') }),
  z.strictObject({ kind: z.literal('quick'), range: z.enum(QUICK_RANGES) }),
  z
    .strictObject({ kind: z.literal('between'), from: isoDay.nullable(), to: isoDay.nullable() })
    .refine((v) => v.from !== null || v.to !== null, {
      message: 'Enter a start date, an end date or both.',
      path: ['from'],
    })
    // Compared only once both are real days: a bad date already has its own message.
    .refine((v) => !v.from || !v.to || !isValidIsoDate(v.from) || !isValidIsoDate(v.to) || v.from <= v.to, {
      message: 'Choose an end date on or after the start date.',
      path: ['to'],
    }),
]);
export type DateFilter = z.infer<typeof dateFilter>;

const ids = z.array(z.uuid('Choose from the list.')).max(MAX_IDS, `Choose at most ${MAX_IDS}.`);

/** Limits on "containing words": a real search names a few words; a forged one may not send a book. */
export const MAX_WORDS = 20;
export const MAX_WORD_LENGTH = 50;

export const WORD_MATCHES = ['any', 'all', 'exclude'] as const;
export type WordMatch = (typeof WORD_MATCHES)[number];

const word = z
  .string()
  .trim()
  .min(1, 'Enter a word.')
  .max(MAX_WORD_LENGTH, `Enter words of at most ${MAX_WORD_LENGTH} characters.`)
  // A word is letters and digits (with ' or - inside): what a whole-word match can find.
  .regex(/^[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*$/u, 'Enter single words: letters and digits, no spaces or symbols.');

/** Limits on a custom-field filter: a form's fields hold a few dozen options; a forged one may not send more. */
export const MAX_OPTIONS = 100;
export const MAX_OPTION_LENGTH = 200;

export const incidentFilters = z.strictObject({
  dates: dateFilter,
  /** No ids: any category. `any`: an incident with at least one of them; `all`: with every one. */
  categories: z.strictObject({ match: z.enum(['any', 'all']), ids }),
  status: z.enum(['any', ...INCIDENT_STATUSES]),
  /** No ids: whoever recorded it. `exclude`: anyone but them (and incidents recorded by no person). */
  recordedBy: z.strictObject({ mode: z.enum(['only', 'exclude']), ids }),
  // The members below came after the first saved reports: absent, each means "no filter"
  // (linked copies counted, as before), so a definition stored without them runs as it always did.
  /** Words of the incident's text, whole words, any case and accent. No words: any text. */
  words: z
    .strictObject({
      match: z.enum(WORD_MATCHES),
      list: z.array(word).max(MAX_WORDS, `Enter at most ${MAX_WORDS} words.`),
    })
    .optional(),
  /** No ids and not `unassigned`: assigned to anyone or no one. */
  assignedTo: z.strictObject({ ids, unassigned: z.boolean() }).optional(),
  /** Agencies from the school's list; an incident naming at least one of them. No ids: any. */
  agencies: z.strictObject({ ids }).optional(),
  /**
   * The copies of an incident made for linked pupils: included, each copy counts for its own
   * pupil (as every report did before this choice); left out, only the copy of the pupil the
   * incident was recorded about counts, so each incident counts once.
   */
  includeLinked: z.boolean().optional(),
  /** The pupil filters (./pupil-filters.ts) on the incident's pupil. Absent: any pupil, archived too. */
  pupils: storedPupilFilters.optional(),
  /**
   * Dropdown custom fields of the incident form: field id → options, an incident holding at least
   * one of a field's options, for every field named. Checked against the school's form by the
   * Custom report (custom-report.ts); here only the shape.
   */
  customFields: z
    .record(
      z.uuid('Choose a field from the list.'),
      z
        .array(z.string().trim().min(1, 'Choose an option from the list.').max(MAX_OPTION_LENGTH))
        .min(1, 'Choose an option from the list.')
        .max(MAX_OPTIONS, `Choose at most ${MAX_OPTIONS} options.`),
    )
    .refine((r) => Object.keys(r).length <= MAX_OPTIONS, `Choose at most ${MAX_OPTIONS} fields.`)
    .optional(),
});
export type IncidentFilters = z.infer<typeof incidentFilters>;

export const grouping = z.strictObject({
  by: z.union([
    z.enum(INCIDENT_GROUPINGS),
    z.custom<CustomFieldGrouping>(
      (v) => typeof v === 'string' && isCustomFieldGrouping(v),
      'Choose a grouping from the list.',
    ),
  ]),
});
export type Grouping = z.infer<typeof grouping>;

const summaryTable = z
  .strictObject({ type: z.literal('summary-table'), primary: grouping, secondary: grouping.nullable() })
  .refine((v) => v.secondary === null || v.secondary.by !== v.primary.by, {
    message: 'Choose a different second grouping, or none.',
    path: ['secondary'],
  });

/** How a summary chart draws its groups; a pie has one grouping, column and bar charts may add a second as series. */
export const CHART_KINDS = ['pie', 'column', 'bar'] as const;
export type ChartKind = (typeof CHART_KINDS)[number];
export const CHART_KIND_LABELS: Record<ChartKind, string> = {
  pie: 'Pie chart',
  column: 'Column chart',
  bar: 'Bar chart',
};
export const CHART_VALUES = ['counts', 'percentages'] as const;
export type ChartValues = (typeof CHART_VALUES)[number];
export const CHART_SERIES = ['stacked', 'grouped'] as const;
export type ChartSeriesLayout = (typeof CHART_SERIES)[number];

const summaryChart = z
  .strictObject({
    type: z.literal('summary-chart'),
    chart: z.enum(CHART_KINDS),
    values: z.enum(CHART_VALUES),
    /** With a second grouping: its groups stacked in one column or bar, or side by side. */
    series: z.enum(CHART_SERIES),
    primary: grouping,
    secondary: grouping.nullable(),
  })
  .refine((v) => v.secondary === null || v.secondary.by !== v.primary.by, {
    message: 'Choose a different second grouping, or none.',
    path: ['secondary'],
  })
  .refine((v) => v.chart !== 'pie' || v.secondary === null, {
    message: 'A pie chart shows one grouping: choose no second grouping, or a column or bar chart.',
    path: ['secondary'],
  });

/**
 * Two groupings on one chart: the first along the axis as columns (each
 * group's total, an incident once), the second as one line per group over
 * the same axis (e.g. incidents by month, a line per category). Both are
 * required and different: one grouping is a summary chart.
 */
const combinedGraph = z
  .strictObject({
    type: z.literal('combined-graph'),
    values: z.enum(CHART_VALUES),
    primary: grouping,
    secondary: grouping,
  })
  .refine((v) => v.secondary.by !== v.primary.by, {
    message: 'Choose a different second grouping.',
    path: ['secondary'],
  });
export type CombinedGraphReport = z.infer<typeof combinedGraph>;

/**
 * What a listing holds besides each incident's heading (number, when, pupil,
 * categories, status): the pupil's basic data, the incident's text and
 * details, its actions, the custom fields' values and the pupil's contacts.
 * `contacts` came later and is optional: absent, it is not included, so a
 * stored definition lists what it always did.
 */
export const LISTING_INCLUDES = ['basicData', 'incidents', 'actions', 'customFields', 'contacts'] as const;
export type ListingInclude = (typeof LISTING_INCLUDES)[number];
export const LISTING_INCLUDE_LABELS: Record<ListingInclude, string> = {
  basicData: 'The pupil’s basic data',
  incidents: 'Incidents (what happened)',
  actions: 'Actions',
  customFields: 'Custom fields',
  contacts: 'The pupil’s contacts',
};

/** The pupil's basic data, field by field, in the order a card shows them. */
export const BASIC_DATA_FIELDS = [
  'dateOfBirth',
  'yearGroup',
  'tutorGroup',
  'gender',
  'senStatus',
  'pupilPremium',
  'eal',
  'freeSchoolMeals',
  'lookedAfter',
] as const;
export type BasicDataField = (typeof BASIC_DATA_FIELDS)[number];
export const BASIC_DATA_LABELS: Record<BasicDataField, string> = {
  dateOfBirth: 'Date of birth',
  yearGroup: 'Year group',
  tutorGroup: 'Tutor group',
  gender: 'Gender',
  senStatus: 'SEN status',
  pupilPremium: 'Pupil premium',
  eal: 'EAL',
  freeSchoolMeals: 'Free school meals',
  lookedAfter: 'Looked after',
};

const listing = z
  .strictObject({
    type: z.literal('listing'),
    include: z.strictObject({
      basicData: z.boolean(),
      incidents: z.boolean(),
      actions: z.boolean(),
      customFields: z.boolean(),
      contacts: z.boolean().optional(),
    }),
    /**
     * The basic data fields shown when basic data is included; absent, every
     * one (as before the choice existed). Each at most once.
     */
    basicDataFields: z
      .array(z.enum(BASIC_DATA_FIELDS))
      .max(BASIC_DATA_FIELDS.length)
      .refine((v) => new Set(v).size === v.length, 'Choose each field once.')
      .optional(),
    /** The pupils' names replaced in the text and the name columns ("[Student]", "[Linked student 1]"). */
    hideStudentNames: z.boolean(),
    /** Staff names replaced by their role ("[DSL]"). */
    hideStaffNames: z.boolean(),
  })
  .refine((v) => LISTING_INCLUDES.some((k) => v.include[k]), {
    message: 'Tick at least one thing to include in the report.',
    path: ['include'],
  })
  .refine((v) => !v.include.basicData || v.basicDataFields === undefined || v.basicDataFields.length > 0, {
    message: 'Tick at least one basic data field, or leave basic data out.',
    path: ['basicDataFields'],
  });
export type ListingReport = z.infer<typeof listing>;

export const reportType = z.discriminatedUnion('type', [summaryTable, summaryChart, listing, combinedGraph]);
export type ReportType = z.infer<typeof reportType>;

const incidentReport = z.strictObject({
  version: z.literal(REPORT_DEFINITION_VERSION),
  subject: z.literal('incidents'),
  filters: incidentFilters,
  report: reportType,
});

export const reportDefinition = z.discriminatedUnion('subject', [incidentReport]);
export type ReportDefinition = z.infer<typeof reportDefinition>;

/**
 * Reporting on Students: pupils counted by what the MIS says of them, not
 * incidents. Its groupings are those of a pupil's own data, and a dropdown
 * field of the pupil form as `custom-field:<field id>` (the pupil form's,
 * as the subject says; an incident report's are the incident form's).
 */
export const STUDENT_SUBJECT_GROUPINGS = [
  'year-group',
  'tutor-group',
  'gender',
  'sen-status',
  'pupil-premium',
  'eal',
  'fsm',
  'looked-after',
  'ethnicity',
  'religion',
] as const satisfies readonly IncidentGrouping[];
export type StudentSubjectGrouping = (typeof STUDENT_SUBJECT_GROUPINGS)[number];

const studentGrouping = z.strictObject({
  by: z.union(
    [
      z.enum(STUDENT_SUBJECT_GROUPINGS, { error: () => 'Choose a pupil grouping from the list.' }),
      z.custom<CustomFieldGrouping>(
        (v) => typeof v === 'string' && isCustomFieldGrouping(v),
        'Choose a pupil grouping from the list.',
      ),
    ],
    { error: () => 'Choose a pupil grouping from the list.' },
  ),
});

const differentSecondary = (v: { primary: { by: string }; secondary: { by: string } | null }) =>
  v.secondary === null || v.secondary.by !== v.primary.by;

const studentSummaryTable = z
  .strictObject({
    type: z.literal('summary-table'),
    primary: studentGrouping,
    secondary: studentGrouping.nullable(),
  })
  .refine(differentSecondary, { message: 'Choose a different second grouping, or none.', path: ['secondary'] });

const studentSummaryChart = z
  .strictObject({
    type: z.literal('summary-chart'),
    chart: z.enum(CHART_KINDS),
    values: z.enum(CHART_VALUES),
    series: z.enum(CHART_SERIES),
    primary: studentGrouping,
    secondary: studentGrouping.nullable(),
  })
  .refine(differentSecondary, { message: 'Choose a different second grouping, or none.', path: ['secondary'] })
  .refine((v) => v.chart !== 'pie' || v.secondary === null, {
    message: 'A pie chart shows one grouping: choose no second grouping, or a column or bar chart.',
    path: ['secondary'],
  });

/** Two pupil groupings on one chart, as an incident combined graph: columns for the first, a line per group of the second. */
const studentCombinedGraph = z
  .strictObject({
    type: z.literal('combined-graph'),
    values: z.enum(CHART_VALUES),
    primary: studentGrouping,
    secondary: studentGrouping,
  })
  .refine((v) => v.secondary.by !== v.primary.by, {
    message: 'Choose a different second grouping.',
    path: ['secondary'],
  });

/**
 * What a listing of pupils holds besides each pupil's name, year and tutor
 * group: those of the incident listing's includes that are a pupil's own
 * (their basic data, the pupil form's custom fields, their contacts).
 */
export const STUDENT_LISTING_INCLUDES = ['basicData', 'customFields', 'contacts'] as const;
export type StudentListingInclude = (typeof STUDENT_LISTING_INCLUDES)[number];

/** A listing of the pupils themselves, ordered by name. */
const studentListing = z
  .strictObject({
    type: z.literal('listing'),
    include: z.strictObject({ basicData: z.boolean(), customFields: z.boolean(), contacts: z.boolean() }),
    /** The basic data fields shown when basic data is included; absent, every one. */
    basicDataFields: z
      .array(z.enum(BASIC_DATA_FIELDS))
      .max(BASIC_DATA_FIELDS.length)
      .refine((v) => new Set(v).size === v.length, 'Choose each field once.')
      .optional(),
    /** Each pupil is "[Student n]", and their contacts "[Contact n]". */
    hideStudentNames: z.boolean(),
  })
  .refine((v) => !v.include.basicData || v.basicDataFields === undefined || v.basicDataFields.length > 0, {
    message: 'Tick at least one basic data field, or leave basic data out.',
    path: ['basicDataFields'],
  });
export type StudentListingReport = z.infer<typeof studentListing>;

export const studentReportType = z.discriminatedUnion('type', [
  studentSummaryTable,
  studentSummaryChart,
  studentListing,
  studentCombinedGraph,
]);
export type StudentReportType = z.infer<typeof studentReportType>;

export const studentReport = z.strictObject({
  version: z.literal(REPORT_DEFINITION_VERSION),
  subject: z.literal('students'),
  filters: z.strictObject({
    /** Which pupils: the pupil filters (./pupil-filters.ts), pupils who have left only when they say so. */
    pupils: storedPupilFilters,
    /**
     * "Students with incidents matching": a pupil counts when at least one incident the runner may
     * see matches these filters. Null: no condition on incidents.
     */
    incidents: incidentFilters.nullable(),
  }),
  report: studentReportType,
});
export type StudentReportDefinition = z.infer<typeof studentReport>;
/** A Students report counted into a table (a table, a chart or a combined graph)... */
export type StudentSummaryDefinition = StudentReportDefinition & {
  report: Exclude<StudentReportType, StudentListingReport>;
};
/** ...or its pupils listed. */
export type StudentListingDefinition = StudentReportDefinition & { report: StudentListingReport };
export const isStudentListing = (d: StudentReportDefinition): d is StudentListingDefinition =>
  d.report.type === 'listing';
export const isStudentSummary = (d: StudentReportDefinition): d is StudentSummaryDefinition =>
  d.report.type !== 'listing';

/**
 * Every subject a definition may have: what saved reports store and the
 * Custom report runs. `reportDefinition` stays the incident subject's own,
 * which every incident path (counts, listing, the Student report) reads.
 */
export const anyReportDefinition = z.discriminatedUnion('subject', [incidentReport, studentReport]);
export type AnyReportDefinition = z.infer<typeof anyReportDefinition>;
export const isStudentReport = (d: AnyReportDefinition): d is StudentReportDefinition => d.subject === 'students';

/**
 * Reporting → Custom report: the form's choices (the categories the runner's
 * reports may count, the staff who record incidents) and, once the form is
 * valid, the report itself — decided, counted and audited in one
 * transaction. A run's audit row holds the definition and the days it
 * covered, never a count about a pupil or a pupil's name.
 */
import 'server-only';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { agencies, categories, memberships, users } from '@/db/schema';
import { accessSubjectOf, viewableIncidentCategoryIds, type AccessSubject } from '@/lib/access';
import { UserError } from '@/lib/errors';
import { categoryFamilyOrder, parentCategory, parentCategoryJoin } from '@/lib/students/category-order';
import type { UserCtx } from '@/lib/tenancy/context';
import { customFieldsOf } from '@/lib/settings/form-definition';
import { formatPupilName, type NameStyle } from '@/lib/students/names';
import { academicYearSpans } from './academic-year-spans';
import type { DayRange } from './date-range';
import {
  CUSTOM_FIELD_GROUPING,
  customFieldIdOf,
  EARLIEST_REPORT_DAY,
  isCustomFieldGrouping,
  isStudentListing,
  isStudentSummary,
  reportDefinition,
  type CustomFieldGrouping,
  type ListingReport,
  type ReportDefinition,
  type ReportType,
} from './definition';
import { parseCustomReportQuery, type CustomReportForm } from './form';
import { requireReports } from './guard';
import { countIncidents } from './incident-query';
import { isListing, runListingInTx, type ListingRun } from './listing-report';
import { knownFilters, withKnownFilters, type KnownFilters } from './known-filters';
import { pupilFieldGroupings, runStudentsInTx, unknownPupilGrouping, type StudentsRun } from './students-report';
import { auditRun, reportCalendar, type RunAudit } from './run-parts';
import { runStudentListingInTx, type StudentListingRun } from './student-listing-report';
import { combinedChartData, summaryChartData, type ChartSpec } from './chart-data';
import { buildSummaryTable, type SummaryTable } from './summary-table';

export interface ReportCategoryOption {
  id: string;
  name: string;
  parentId: string | null;
  disabled: boolean;
}

export interface ReportStaffOption {
  id: string;
  name: string;
}

export interface ReportRun {
  definition: ReportDefinition;
  days: DayRange;
  table: SummaryTable;
  /** The summary chart or combined graph of the table, when the definition asks for one. */
  chart: ChartSpec | null;
}

export interface ReportAgencyOption {
  id: string;
  name: string;
  disabled: boolean;
}

export interface ReportFieldGrouping {
  by: CustomFieldGrouping;
  label: string;
  deleted: boolean;
}

export interface CustomReportPage {
  form: CustomReportForm;
  categories: ReportCategoryOption[];
  staff: ReportStaffOption[];
  agencies: ReportAgencyOption[];
  /** Dropdown custom fields of the incident form, offered as groupings. */
  groupingFields: ReportFieldGrouping[];
  /** The report, when the form was submitted and valid (a summary table or chart)... */
  run: ReportRun | null;
  /** ...or a listing (of incidents, or on Students of pupils). */
  listing: ListingRun | StudentListingRun | null;
  /** The pupil filters' and incident custom fields' choices. */
  filterChoices: KnownFilters;
  /** A report on Students, when the form asked for one and was valid. */
  students: StudentsRun | null;
  /** Dropdown fields of the pupil form, a Students report's groupings. */
  pupilGroupingFields: ReportFieldGrouping[];
}

/** Every live category of the school in its order; the options are those the runner's reports may count. */
export async function schoolCategories(tx: Tx, subject: AccessSubject) {
  const all = await tx
    .select({
      id: categories.id,
      name: categories.name,
      parentId: categories.parentId,
      archivedAt: categories.archivedAt,
      colour: categories.colour,
    })
    .from(categories)
    .leftJoin(parentCategory, parentCategoryJoin)
    .where(and(eq(categories.schoolId, subject.schoolId), isNull(categories.mergedIntoId)))
    .orderBy(...categoryFamilyOrder());
  const viewable = new Set(viewableIncidentCategoryIds(subject));
  return {
    order: all.map((c) => c.id),
    colours: new Map(all.map((c) => [c.id, c.colour])),
    names: new Map(all.map((c) => [c.id, c.name])),
    options: all
      .filter((c) => viewable.has(c.id))
      .map((c) => ({ id: c.id, name: c.name, parentId: c.parentId, disabled: c.archivedAt !== null })),
  };
}

/** Everyone who is or was a member here: incidents keep their author after a deactivation. */
export function schoolStaff(tx: Tx, schoolId: string): Promise<ReportStaffOption[]> {
  return tx
    .select({ id: users.id, name: users.displayName })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.schoolId, schoolId))
    .orderBy(asc(users.displayName), asc(users.id));
}

/** The school's agencies, disabled ones too: the records that name them still count under them. */
export async function schoolAgencies(tx: Tx, schoolId: string): Promise<ReportAgencyOption[]> {
  const rows = await tx
    .select({ id: agencies.id, name: agencies.name, archivedAt: agencies.archivedAt })
    .from(agencies)
    .where(eq(agencies.schoolId, schoolId))
    .orderBy(asc(sql`lower(${agencies.name})`), asc(agencies.id));
  return rows.map((a) => ({ id: a.id, name: a.name, disabled: a.archivedAt !== null }));
}

export type { RunAudit } from './run-parts';

/** runReport counts: a listing is read by listing-report.ts instead (the Custom report page, a saved listing). */
export const LISTING_NOT_COUNTED = 'A listing is not a count: open it from the Custom report page or Saved reports.';

/**
 * Names when the caller gives no name style: the school's style with names
 * hidden, so a caller that forgets the viewer's style never shows more than
 * initials (a pupil grouping's rows, a listing's pupils).
 */
export const maskedStyle = (ctx: UserCtx): NameStyle => ({
  source: ctx.school.settings.nameSource,
  order: ctx.school.settings.nameOrder,
  hidden: true,
});

/** A definition whose result is a summary table (or a chart of one): every type but the listing. */
export type SummaryDefinition = ReportDefinition & { report: Exclude<ReportType, ListingReport> };

export const isSummary = (d: ReportDefinition): d is SummaryDefinition => d.report.type !== 'listing';

export async function runInTx(
  tx: Tx,
  ctx: UserCtx,
  subject: AccessSubject,
  definition: SummaryDefinition,
  categories: { order: readonly string[]; colours: ReadonlyMap<string, string> },
  audit: RunAudit = { action: 'report.run' },
  style: NameStyle = maskedStyle(ctx),
  /** One pupil's counts (the pupil profile's Student report). */
  studentId?: string,
): Promise<ReportRun> {
  const { school } = ctx;
  const { today, years, days } = await reportCalendar(tx, ctx, subject, definition);
  const { primary, secondary } = definition.report;
  const thisYear = Number(today.slice(0, 4));
  const counts = await countIncidents(tx, subject, {
    filters: definition.filters,
    days,
    primary: primary.by,
    secondary: secondary?.by ?? null,
    timeZone: school.timeZone,
    includeTraining: school.settings.trainingMode,
    yearSpans: [primary.by, secondary?.by].includes('academic-year')
      ? academicYearSpans(years, Number(EARLIEST_REPORT_DAY.slice(0, 4)) - 1, thisYear + 1)
      : [],
    ...(studentId ? { studentId } : {}),
  });
  await auditRun(tx, ctx, definition, days, audit);
  const fields = new Map(customFieldsOf(school.settings.incidentForm).map((f) => [f.id, f.label]));
  const table = buildSummaryTable(counts, primary.by, secondary?.by ?? null, categories.order, {
    pupil: (n) => formatPupilName(n, style),
    customField: (by) => fields.get(customFieldIdOf(by)) ?? 'A custom field no longer on the form',
  });
  const { report } = definition;
  const colourOf = (key: string | null) => (key === null ? null : (categories.colours.get(key) ?? null));
  const chart =
    report.type === 'summary-chart'
      ? summaryChartData(table, report, colourOf)
      : report.type === 'combined-graph'
        ? combinedChartData(table, report.values, colourOf)
        : null;
  return { definition, days, table, chart };
}

/** Runs a definition (saved reports and other callers): checked again here, whoever built it. */
export async function runReport(
  ctx: UserCtx,
  input: unknown,
  audit: RunAudit = { action: 'report.run' },
  style?: NameStyle,
): Promise<ReportRun> {
  requireReports(ctx);
  const definition = reportDefinition.parse(input);
  if (!isSummary(definition)) throw new UserError(LISTING_NOT_COUNTED);
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    return runInTx(tx, ctx, subject, definition, await schoolCategories(tx, subject), audit, style);
  });
}

/** The incident form's dropdown custom fields as groupings, deleted ones too (their values stay on records). */
export function dropdownGroupings(ctx: UserCtx): ReportFieldGrouping[] {
  return customFieldsOf(ctx.school.settings.incidentForm)
    .filter((f) => f.kind === 'dropdown')
    .map((f) => ({ by: `${CUSTOM_FIELD_GROUPING}${f.id}` as const, label: f.label, deleted: f.retired }));
}

/** A custom-field grouping the school's form never had is answered beside its field, and nothing runs. */
export function withKnownFields(form: CustomReportForm, fields: readonly ReportFieldGrouping[]): CustomReportForm {
  // A listing has no groupings.
  if (!form.definition || !isSummary(form.definition)) return form;
  const known = new Set<string>(fields.map((f) => f.by));
  const { primary, secondary } = form.definition.report;
  const unknown = (by: string | undefined) => by !== undefined && isCustomFieldGrouping(by) && !known.has(by);
  if (!unknown(primary.by) && !unknown(secondary?.by)) return form;
  return {
    ...form,
    definition: null,
    fieldErrors: {
      ...(unknown(primary.by) ? { primary: ['Choose a grouping from the list.'] } : {}),
      ...(unknown(secondary?.by) ? { secondary: ['Choose a grouping from the list, or none.'] } : {}),
    },
  };
}

/** A Students report grouped by a field the pupil form never had is answered beside the grouping. */
export function withKnownPupilGroupings(ctx: UserCtx, form: CustomReportForm): CustomReportForm {
  const bad = form.studentDefinition ? unknownPupilGrouping(ctx, form.studentDefinition) : null;
  if (!bad) return form;
  return {
    ...form,
    studentDefinition: null,
    fieldErrors: {
      [bad]: [bad === 'primary' ? 'Choose a grouping from the list.' : 'Choose a grouping from the list, or none.'],
    },
  };
}

/** The Custom report page: its choices, what was typed with any messages, and the report when asked for. */
export async function getCustomReportPage(
  ctx: UserCtx,
  query: Record<string, string | string[] | undefined>,
  style: NameStyle = maskedStyle(ctx),
): Promise<CustomReportPage> {
  requireReports(ctx);
  const groupingFields = dropdownGroupings(ctx);
  const parsed = withKnownFields(parseCustomReportQuery(query), groupingFields);
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    const filterChoices = await knownFilters(tx, ctx, subject);
    const form = withKnownPupilGroupings(ctx, withKnownFilters(parsed, filterChoices));
    const known = await schoolCategories(tx, subject);
    const staff = await schoolStaff(tx, ctx.school.id);
    const agencyOptions = await schoolAgencies(tx, ctx.school.id);
    const d = form.definition;
    const run = d && isSummary(d) ? await runInTx(tx, ctx, subject, d, known, undefined, style) : null;
    const sd = form.studentDefinition ?? null;
    const listing =
      d && isListing(d)
        ? await runListingInTx(tx, ctx, subject, d, style)
        : sd && isStudentListing(sd)
          ? await runStudentListingInTx(tx, ctx, subject, sd, style)
          : null;
    return {
      form,
      categories: known.options,
      staff,
      agencies: agencyOptions,
      groupingFields,
      run,
      listing,
      filterChoices,
      students: sd && isStudentSummary(sd) ? await runStudentsInTx(tx, ctx, subject, sd) : null,
      pupilGroupingFields: pupilFieldGroupings(ctx),
    };
  });
}

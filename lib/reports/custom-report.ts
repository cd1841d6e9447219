/**
 * Reporting → Custom report: the form's choices (the categories the runner's
 * reports may count, the staff who record incidents) and, once the form is
 * valid, the report itself — decided, counted and audited in one
 * transaction. A run's audit row holds the definition and the days it
 * covered, never a count about a pupil or a pupil's name.
 */
import 'server-only';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { categories, memberships, users } from '@/db/schema';
import { accessSubjectOf, viewableIncidentCategoryIds, type AccessSubject } from '@/lib/access';
import { UserError } from '@/lib/errors';
import { categoryFamilyOrder, parentCategory, parentCategoryJoin } from '@/lib/students/category-order';
import type { UserCtx } from '@/lib/tenancy/context';
import type { NameStyle } from '@/lib/students/names';
import type { DayRange } from './date-range';
import { reportDefinition, type ListingReport, type ReportDefinition, type ReportType } from './definition';
import { parseCustomReportQuery, type CustomReportForm } from './form';
import { requireReports } from './guard';
import { countIncidents } from './incident-query';
import { isListing, runListingInTx, type ListingRun } from './listing-report';
import { auditRun, daysOf, type RunAudit } from './run-parts';
import { summaryChartData, type ChartSpec } from './chart-data';
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
  /** The summary chart of the table, when the definition asks for one. */
  chart: ChartSpec | null;
}

export interface CustomReportPage {
  form: CustomReportForm;
  categories: ReportCategoryOption[];
  staff: ReportStaffOption[];
  /** The report, when the form was submitted and valid (a summary table or chart)... */
  run: ReportRun | null;
  /** ...or a listing. */
  listing: ListingRun | null;
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

export type { RunAudit } from './run-parts';

/** A listing is run from the Custom report page; it is not saved or regenerated yet. */
export const LISTING_NOT_SAVED = 'A listing cannot be saved yet: run it from the Custom report page.';

/** The school's name style with the viewer's own "hide names" off: for callers that have no request. */
export function schoolNameStyle(ctx: UserCtx): NameStyle {
  return { source: ctx.school.settings.nameSource, order: ctx.school.settings.nameOrder, hidden: false };
}

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
): Promise<ReportRun> {
  const { school } = ctx;
  const days = await daysOf(tx, ctx, subject, definition);
  const { primary, secondary } = definition.report;
  const counts = await countIncidents(tx, subject, {
    filters: definition.filters,
    days,
    primary: primary.by,
    secondary: secondary?.by ?? null,
    timeZone: school.timeZone,
    includeTraining: school.settings.trainingMode,
  });
  await auditRun(tx, ctx, definition, days, audit);
  const table = buildSummaryTable(counts, primary.by, secondary?.by ?? null, categories.order);
  const { report } = definition;
  const chart =
    report.type === 'summary-chart'
      ? summaryChartData(table, report, (key) => (key === null ? null : (categories.colours.get(key) ?? null)))
      : null;
  return { definition, days, table, chart };
}

/** Runs a definition (saved reports and other callers): checked again here, whoever built it. */
export async function runReport(
  ctx: UserCtx,
  input: unknown,
  audit: RunAudit = { action: 'report.run' },
): Promise<ReportRun> {
  requireReports(ctx);
  const definition = reportDefinition.parse(input);
  if (!isSummary(definition)) throw new UserError(LISTING_NOT_SAVED);
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    return runInTx(tx, ctx, subject, definition, await schoolCategories(tx, subject), audit);
  });
}

/** The Custom report page: its choices, what was typed with any messages, and the report when asked for. */
export async function getCustomReportPage(
  ctx: UserCtx,
  query: Record<string, string | string[] | undefined>,
  style: NameStyle = schoolNameStyle(ctx),
): Promise<CustomReportPage> {
  requireReports(ctx);
  const form = parseCustomReportQuery(query);
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    const known = await schoolCategories(tx, subject);
    const staff = await schoolStaff(tx, ctx.school.id);
    const d = form.definition;
    const run = d && isSummary(d) ? await runInTx(tx, ctx, subject, d, known) : null;
    const listing = d && isListing(d) ? await runListingInTx(tx, ctx, subject, d, style) : null;
    return { form, categories: known.options, staff, run, listing };
  });
}

/**
 * Saved reports: a definition kept under a title (never its results), listed
 * for its owner and, once published, for the school's other key holders who
 * may run reports; regenerated as whoever opens it, so each person counts only
 * what they may see. Who may run or change one is lib/access
 * (`decideSavedReport`, and `savedReportListCondition` for the list). An
 * expired or deleted report is gone at once from every list and from
 * Regenerate; the idle-cleanup job then removes its row. Every change is
 * audited; a regeneration is a `report.run` naming the saved report.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, desc, eq, gt, isNull, or } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { savedReports, users } from '@/db/schema';
import { accessSubjectOf, decideSavedReport, savedReportListCondition, type AccessSubject } from '@/lib/access';
import { writeAudit } from '@/lib/audit/write';
import { NotAllowedError, NotFoundError, UserError } from '@/lib/errors';
import { claimSubmission, completeSubmission, submissionOf } from '@/lib/idempotency/submissions';
import { isUuid } from '@/lib/ids';
import type { NameStyle } from '@/lib/students/names';
import type { UserCtx } from '@/lib/tenancy/context';
import { isSummary, maskedStyle, runInTx, schoolCategories, type ReportRun } from './custom-report';
import {
  anyReportDefinition,
  isStudentListing,
  isStudentReport,
  isStudentSummary,
  type AnyReportDefinition,
} from './definition';
import { runStudentListingInTx, type StudentListingRun } from './student-listing-report';
import { runStudentsInTx, type StudentsRun } from './students-report';
import { isListing, runListingInTx, type ListingRun } from './listing-report';
import { ELEVATE_FOR_REPORTS, requireReports } from './guard';
import { expiryChoice, expiryFrom, savedReportTitle, type ExpiryChoice, type SaveReportInput } from './saved-input';
import { readStoredDefinition, storedReportTypeLabel } from './stored-definition';

export const SAVED_REPORT = 'saved report';
export const OWNER_ONLY = 'Only the person who saved this report may change or delete it.';
export const UNREADABLE =
  'This saved report was made in a way this version of Haven cannot read. Build it again on Custom report and save it.';
const SAVED_BEFORE = 'This report was saved already; the copy you sent again was not saved a second time.';

export interface SavedReportItem {
  id: string;
  title: string;
  ownerName: string;
  /** The person may publish, change the expiry of and delete it (they saved it). */
  mayManage: boolean;
  published: boolean;
  typeLabel: string;
  createdAt: Date;
  /** Null: kept until deleted. */
  expiresAt: Date | null;
}

/** A regenerated summary has its run, a regenerated listing its cards; never both. */
export type RegeneratedReport = { report: SavedReportItem } & (
  { run: ReportRun | StudentsRun; listing: null } | { run: null; listing: ListingRun | StudentListingRun }
);

const live = (now: Date) =>
  and(isNull(savedReports.deletedAt), or(isNull(savedReports.expiresAt), gt(savedReports.expiresAt, now)));

const columns = {
  id: savedReports.id,
  schoolId: savedReports.schoolId,
  ownerId: savedReports.ownerId,
  title: savedReports.title,
  definition: savedReports.definition,
  published: savedReports.published,
  createdAt: savedReports.createdAt,
  expiresAt: savedReports.expiresAt,
  ownerName: users.displayName,
};
interface Row {
  id: string;
  schoolId: string;
  ownerId: string;
  title: string;
  definition: Record<string, unknown>;
  published: boolean;
  createdAt: Date;
  expiresAt: Date | null;
  ownerName: string;
}

function itemOf(subject: AccessSubject, row: Row): SavedReportItem {
  return {
    id: row.id,
    title: row.title,
    ownerName: row.ownerName,
    mayManage: decideSavedReport(subject, 'saved_report.manage', row).allowed,
    published: row.published,
    typeLabel: storedReportTypeLabel(readStoredDefinition(row.definition)),
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
  };
}

/** The live report, if the person may do this to it; anything else is answered as the engine says. */
async function reportFor(
  tx: Tx,
  ctx: UserCtx,
  subject: AccessSubject,
  reportId: string,
  action: 'saved_report.run' | 'saved_report.manage',
  now: Date,
): Promise<Row> {
  if (!isUuid(reportId)) throw new NotFoundError(SAVED_REPORT);
  const [row] = await tx
    .select(columns)
    .from(savedReports)
    .innerJoin(users, eq(users.id, savedReports.ownerId))
    .where(and(eq(savedReports.schoolId, ctx.school.id), eq(savedReports.id, reportId), live(now)));
  if (!row) throw new NotFoundError(SAVED_REPORT);
  const decision = decideSavedReport(subject, action, row);
  if (decision.allowed) return row;
  if (decision.reason === 'not_found') throw new NotFoundError(SAVED_REPORT);
  throw new NotAllowedError(decision.reason === 'needs_elevation' ? ELEVATE_FOR_REPORTS : OWNER_ONLY);
}

/** Saves a definition under a title, unpublished. A doubled submission (same form key) saves once. */
export async function saveReport(ctx: UserCtx, data: SaveReportInput, now = new Date()): Promise<{ reportId: string }> {
  requireReports(ctx);
  // Judged again here, whoever called: the form's schema is not the only way in.
  const definition: AnyReportDefinition = anyReportDefinition.parse(data.definition);
  const title = savedReportTitle.parse(data.title);
  const expiry = expiryChoice.parse(data.expiry);
  return ctx.run(async (tx) => {
    const input: SaveReportInput = { ...data, title, expiry, definition };
    const submission = submissionOf(ctx, 'report.save', input);
    const earlier = await claimSubmission<{ reportId: string }>(tx, submission, () => SAVED_BEFORE, now);
    if (earlier) return earlier;
    const id = randomUUID();
    const expiresAt = expiryFrom(expiry, now);
    await tx.insert(savedReports).values({
      schoolId: ctx.school.id,
      id,
      ownerId: ctx.user.id,
      title,
      definition,
      createdAt: now,
      expiresAt,
    });
    await writeAudit(tx, {
      schoolId: ctx.school.id,
      action: 'report.saved',
      actorUserId: ctx.user.id,
      meta: ctx.meta,
      entityType: 'saved_report',
      entityId: id,
      details: { title, definition, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return completeSubmission(tx, submission, { reportId: id });
  });
}

/** Reporting → Saved reports: the person's own and published ones, live, newest first. */
export async function listSavedReports(ctx: UserCtx, now = new Date()): Promise<SavedReportItem[]> {
  requireReports(ctx);
  const subject = await accessSubjectOf(ctx);
  const rows = await ctx.run((tx) =>
    tx
      .select(columns)
      .from(savedReports)
      .innerJoin(users, eq(users.id, savedReports.ownerId))
      .where(and(savedReportListCondition(subject, savedReports), live(now)))
      .orderBy(desc(savedReports.createdAt), desc(savedReports.id)),
  );
  return rows.map((r) => itemOf(subject, r));
}

/** A saved report for its own pages (the delete confirmation), if the person may change it. */
export async function getSavedReportToManage(ctx: UserCtx, reportId: string, now = new Date()) {
  requireReports(ctx);
  const subject = await accessSubjectOf(ctx);
  return itemOf(subject, await ctx.run((tx) => reportFor(tx, ctx, subject, reportId, 'saved_report.manage', now)));
}

/**
 * A live saved report the person may run, with its definition read back:
 * missing (another school's, a colleague's unpublished one, expired,
 * deleted) as not found; a definition this version cannot read as UNREADABLE.
 */
export async function savedReportToRun(
  tx: Tx,
  ctx: UserCtx,
  subject: AccessSubject,
  reportId: string,
  now: Date,
): Promise<{ report: SavedReportItem; definition: AnyReportDefinition }> {
  const row = await reportFor(tx, ctx, subject, reportId, 'saved_report.run', now);
  const definition = readStoredDefinition(row.definition);
  if (!definition) throw new UserError(UNREADABLE);
  return { report: itemOf(subject, row), definition };
}

/** Runs the stored definition now, as the person asking: their categories, their class, today's "this term". */
export async function regenerateSavedReport(
  ctx: UserCtx,
  reportId: string,
  now = new Date(),
  style?: NameStyle,
): Promise<RegeneratedReport> {
  requireReports(ctx);
  const subject = await accessSubjectOf(ctx);
  const audit = { action: 'report.run', savedReportId: reportId } as const;
  return ctx.run(async (tx) => {
    const { report, definition } = await savedReportToRun(tx, ctx, subject, reportId, now);
    // A Students report counts pupils as the person asking may list them.
    if (isStudentReport(definition)) {
      if (isStudentListing(definition)) {
        const listing = await runStudentListingInTx(tx, ctx, subject, definition, style ?? maskedStyle(ctx), audit);
        return { report, run: null, listing };
      }
      if (!isStudentSummary(definition)) throw new UserError(UNREADABLE);
      return { report, run: await runStudentsInTx(tx, ctx, subject, definition, audit), listing: null };
    }
    if (isListing(definition)) {
      const listing = await runListingInTx(tx, ctx, subject, definition, style ?? maskedStyle(ctx), { audit });
      return { report, run: null, listing };
    }
    if (!isSummary(definition)) throw new UserError(UNREADABLE);
    const run = await runInTx(tx, ctx, subject, definition, await schoolCategories(tx, subject), audit, style);
    return { report, run, listing: null };
  });
}

/** Whether a saved report the person may run is a listing (its downloads are written differently). */
export async function savedReportIsListing(ctx: UserCtx, reportId: string, now = new Date()): Promise<boolean> {
  requireReports(ctx);
  const subject = await accessSubjectOf(ctx);
  const { definition } = await ctx.run((tx) => savedReportToRun(tx, ctx, subject, reportId, now));
  return definition.report.type === 'listing';
}

/** The owner's changes, each in one transaction with its audit row. */
async function manage(
  ctx: UserCtx,
  reportId: string,
  now: Date,
  change: (tx: Tx, row: Row) => Promise<void>,
): Promise<SavedReportItem> {
  requireReports(ctx);
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    const row = await reportFor(tx, ctx, subject, reportId, 'saved_report.manage', now);
    await change(tx, row);
    return itemOf(subject, row);
  });
}

const where = (ctx: UserCtx, row: Row) => and(eq(savedReports.schoolId, ctx.school.id), eq(savedReports.id, row.id));
const audit = (ctx: UserCtx, row: Row) => ({
  schoolId: ctx.school.id,
  actorUserId: ctx.user.id,
  meta: ctx.meta,
  entityType: 'saved_report' as const,
  entityId: row.id,
});

/** Publicise (share the filters with the school's other key holders who run reports) or take it back. */
export function publishSavedReport(ctx: UserCtx, reportId: string, published: boolean, now = new Date()) {
  return manage(ctx, reportId, now, async (tx, row) => {
    if (row.published === published) return;
    await tx.update(savedReports).set({ published }).where(where(ctx, row));
    await writeAudit(tx, {
      ...audit(ctx, row),
      action: published ? 'report.published' : 'report.unpublished',
      details: { title: row.title },
    });
  });
}

/** A new expiry, counted from now. */
export function changeSavedReportExpiry(ctx: UserCtx, reportId: string, expiry: ExpiryChoice, now = new Date()) {
  return manage(ctx, reportId, now, async (tx, row) => {
    const expiresAt = expiryFrom(expiryChoice.parse(expiry), now);
    await tx.update(savedReports).set({ expiresAt }).where(where(ctx, row));
    await writeAudit(tx, {
      ...audit(ctx, row),
      action: 'report.expiry_changed',
      details: {
        title: row.title,
        from: row.expiresAt?.toISOString() ?? null,
        to: expiresAt?.toISOString() ?? null,
      },
    });
  });
}

/** Gone from every list at once; the row itself is removed by the idle-cleanup job. */
export function deleteSavedReport(ctx: UserCtx, reportId: string, now = new Date()) {
  return manage(ctx, reportId, now, async (tx, row) => {
    await tx.update(savedReports).set({ deletedAt: now }).where(where(ctx, row));
    await writeAudit(tx, { ...audit(ctx, row), action: 'report.deleted', details: { title: row.title } });
  });
}

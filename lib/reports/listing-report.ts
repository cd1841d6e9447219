/**
 * The Listing report as a service: the enquiry view's first page (with how
 * many there are in all) and the downloads' every incident, each decided,
 * read and audited in one transaction under the engine's `incident.report`
 * condition, as the summary types are (custom-report.ts, export.ts). The
 * guard (`requireReports`) is the caller's first line.
 */
import 'server-only';
import type { Tx } from '@/db/scoped';
import type { AccessSubject } from '@/lib/access';
import { recordFieldLabels } from '@/lib/settings/form-definition';
import type { NameStyle } from '@/lib/students/names';
import type { UserCtx } from '@/lib/tenancy/context';
import type { DayRange } from './date-range';
import type { ListingReport, ReportDefinition } from './definition';
import { nameWords } from './hide-names';
import { ListingCards, type ListingCard } from './listing';
import {
  countListing,
  firstListingPage,
  listablePupilNames,
  listingBatches,
  staffWithRoles,
  type ListingIncident,
  type ListingQueryInput,
} from './listing-query';
import { contactsForPupils } from './pupil-contacts';
import { auditRun, daysOf, type RunAudit } from './run-parts';

/** How many incidents the enquiry view shows; the PDF and Excel downloads hold them all. */
export const LISTING_PAGE = 100;

export type ListingDefinition = ReportDefinition & { report: ListingReport };

export const isListing = (d: ReportDefinition): d is ListingDefinition => d.report.type === 'listing';

export interface ListingRun {
  definition: ListingDefinition;
  days: DayRange;
  /** Every incident the listing holds; `cards` may be the first of them. */
  total: number;
  cards: ListingCard[];
}

/** Where a listing runs from: its audit row, and one pupil's chronology (the Student report) or every pupil. */
export interface ListingScope {
  audit?: RunAudit;
  studentId?: string;
}

function queryInput(
  ctx: UserCtx,
  definition: ListingDefinition,
  days: DayRange,
  studentId: string | undefined,
): ListingQueryInput {
  return {
    filters: definition.filters,
    days,
    timeZone: ctx.school.timeZone,
    includeTraining: ctx.school.settings.trainingMode,
    actions: definition.report.include.actions,
    ...(studentId ? { studentId } : {}),
  };
}

async function cardMaker(
  tx: Tx,
  ctx: UserCtx,
  subject: AccessSubject,
  report: ListingReport,
  style: NameStyle,
  markOtherPupils: boolean,
): Promise<ListingCards> {
  const { settings } = ctx.school;
  return new ListingCards({
    report,
    style,
    timeZone: ctx.school.timeZone,
    staff: report.hideStaffNames ? await staffWithRoles(tx, ctx.school.id) : [],
    ...recordFieldLabels(settings),
    // Other pupils named in the text are marked so the person can fix them before the file leaves.
    pupilWords: markOtherPupils && report.hideStudentNames ? nameWords(await listablePupilNames(tx, subject)) : null,
  });
}

/**
 * A batch's cards, with its pupils' contacts read in one statement when the
 * report includes them: only pupils the reader may open have any (lib/access's
 * `student.view`, as on the Contacts tab); for the others the card says none.
 */
async function cardsOf(
  tx: Tx,
  subject: AccessSubject,
  definition: ListingDefinition,
  maker: ListingCards,
  batch: readonly ListingIncident[],
): Promise<ListingCard[]> {
  if (!definition.report.include.contacts) return maker.cards(batch);
  const contacts = await contactsForPupils(
    tx,
    subject,
    batch.map((i) => i.pupil.id),
  );
  return maker.cards(batch, contacts);
}

/** The enquiry view: the first LISTING_PAGE incidents, how many in all, audited as a run. */
export async function runListingInTx(
  tx: Tx,
  ctx: UserCtx,
  subject: AccessSubject,
  definition: ListingDefinition,
  style: NameStyle,
  scope: ListingScope = {},
): Promise<ListingRun> {
  const days = await daysOf(tx, ctx, subject, definition);
  const input = queryInput(ctx, definition, days, scope.studentId);
  const total = await countListing(tx, subject, input);
  const rows = total > 0 ? await firstListingPage(tx, subject, input, LISTING_PAGE) : [];
  const maker = await cardMaker(tx, ctx, subject, definition.report, style, true);
  await auditRun(tx, ctx, definition, days, scope.audit ?? { action: 'report.run' });
  return { definition, days, total, cards: await cardsOf(tx, subject, definition, maker, rows) };
}

/** Where a download's cards go: told the days and the count first, then handed each batch. */
export interface ListingSink {
  start(info: { days: DayRange; total: number }): Promise<void> | void;
  write(cards: ListingCard[]): Promise<void> | void;
}

/**
 * A download: every incident, a batch at a time, each batch handed to
 * `write` before the next is read, in the transaction that audits it.
 */
export async function exportListingInTx(
  tx: Tx,
  ctx: UserCtx,
  subject: AccessSubject,
  definition: ListingDefinition,
  style: NameStyle,
  audit: RunAudit & { action: 'report.export' },
  sink: ListingSink,
  studentId?: string,
): Promise<void> {
  const days = await daysOf(tx, ctx, subject, definition);
  const input = queryInput(ctx, definition, days, studentId);
  const total = await countListing(tx, subject, input);
  const maker = await cardMaker(tx, ctx, subject, definition.report, style, false);
  await auditRun(tx, ctx, definition, days, audit);
  await sink.start({ days, total });
  for await (const batch of listingBatches(tx, subject, input))
    await sink.write(await cardsOf(tx, subject, definition, maker, batch));
}

/**
 * The Students listing as a service: the enquiry view's first page (with how
 * many pupils there are in all) and the downloads' every pupil, each decided,
 * read and audited in one transaction, with the Students summary's scope
 * (student-query.ts) and the incident listing's shapes (cards, sinks), so
 * the same renderers draw it. The guard (`requireReports`) is the caller's
 * first line.
 */
import 'server-only';
import type { Tx } from '@/db/scoped';
import type { AccessSubject } from '@/lib/access';
import { calendarYears } from '@/lib/calendar/queries';
import { customFieldsOf } from '@/lib/settings/form-definition';
import type { NameStyle } from '@/lib/students/names';
import type { UserCtx } from '@/lib/tenancy/context';
import { dateInZone } from '@/lib/time';
import { dayRangeOf, type DayRange } from './date-range';
import type { StudentListingDefinition } from './definition';
import type { ListingCard } from './listing';
import { LISTING_PAGE, type ListingSink } from './listing-report';
import { contactsForPupils } from './pupil-contacts';
import { auditRun, type RunAudit } from './run-parts';
import { StudentListingCards } from './student-listing';
import {
  countStudentListing,
  firstStudentListingPage,
  studentListingBatches,
  type StudentListingPupil,
} from './student-listing-query';
import type { StudentQueryInput } from './student-query';

export interface StudentListingRun {
  definition: StudentListingDefinition;
  /** The incident filters' days ("students with incidents matching"); both null without them. */
  days: DayRange;
  /** Every pupil the listing holds; `cards` may be the first of them. */
  total: number;
  cards: ListingCard[];
}

/** The statement's input: the definition's filters as of the runner's today in the school's zone. */
export async function studentQueryInput(
  tx: Tx,
  ctx: UserCtx,
  subject: AccessSubject,
  filters: StudentListingDefinition['filters'],
): Promise<StudentQueryInput> {
  const { school } = ctx;
  const today = dateInZone(school.timeZone, subject.now);
  const days = filters.incidents
    ? dayRangeOf(filters.incidents.dates, today, await calendarYears(tx, school.id))
    : { from: null, to: null };
  return { filters, days, today, timeZone: school.timeZone, includeTraining: school.settings.trainingMode };
}

const cardMaker = (ctx: UserCtx, definition: StudentListingDefinition, style: NameStyle) =>
  new StudentListingCards({
    report: definition.report,
    style,
    pupilFields: customFieldsOf(ctx.school.settings.studentForm),
  });

/**
 * A batch's cards, with its pupils' contacts read in one statement when the
 * report includes them: only pupils the reader may open have any (lib/access's
 * `student.view`, as on the Contacts tab); for the others the card says none.
 */
async function cardsOf(
  tx: Tx,
  subject: AccessSubject,
  definition: StudentListingDefinition,
  maker: StudentListingCards,
  batch: readonly StudentListingPupil[],
): Promise<ListingCard[]> {
  if (!definition.report.include.contacts) return maker.cards(batch);
  return maker.cards(
    batch,
    await contactsForPupils(
      tx,
      subject,
      batch.map((p) => p.id),
    ),
  );
}

/** The enquiry view: the first LISTING_PAGE pupils, how many in all, audited as a run. */
export async function runStudentListingInTx(
  tx: Tx,
  ctx: UserCtx,
  subject: AccessSubject,
  definition: StudentListingDefinition,
  style: NameStyle,
  audit: RunAudit = { action: 'report.run' },
): Promise<StudentListingRun> {
  const input = await studentQueryInput(tx, ctx, subject, definition.filters);
  const total = await countStudentListing(tx, subject, input);
  const rows = total > 0 ? await firstStudentListingPage(tx, subject, input, style, LISTING_PAGE) : [];
  await auditRun(tx, ctx, definition, input.days, audit);
  const cards = await cardsOf(tx, subject, definition, cardMaker(ctx, definition, style), rows);
  return { definition, days: input.days, total, cards };
}

/** A download: every pupil, a batch at a time, each handed to `sink` before the next is read. */
export async function exportStudentListingInTx(
  tx: Tx,
  ctx: UserCtx,
  subject: AccessSubject,
  definition: StudentListingDefinition,
  style: NameStyle,
  audit: RunAudit & { action: 'report.export' },
  sink: ListingSink,
): Promise<void> {
  const input = await studentQueryInput(tx, ctx, subject, definition.filters);
  const total = await countStudentListing(tx, subject, input);
  const maker = cardMaker(ctx, definition, style);
  await auditRun(tx, ctx, definition, input.days, audit);
  await sink.start({ days: input.days, total });
  for await (const batch of studentListingBatches(tx, subject, input, style))
    await sink.write(await cardsOf(tx, subject, definition, maker, batch));
}

/**
 * What Admin → Transfers and the dashboards read. Runs in the school's own
 * row-level security (the policy shows a transfer to both of its schools).
 * The pupil is named only when the viewer may open that pupil here
 * (lib/access 'student.view'); the other school's pupil is never read.
 */
import 'server-only';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { schools, students, transfers, type TransferStatus } from '@/db/schema';
import { sessionSubject, studentVisibilityCondition } from '@/lib/access';
import { formatPupilName, type NameStyle } from '@/lib/students/names';
import { pupilNameColumns } from '@/lib/students/name-columns';
import { studentColumnsOf } from '@/lib/students/visible';
import type { UserCtx } from '@/lib/tenancy/context';
import { dateInZone } from '@/lib/time';
import { clockState, type ClockState } from './clock';

export interface TransferListItem {
  id: string;
  direction: 'received' | 'sent';
  /** The pupil's name at this school, or null when the viewer may not open them. */
  pupilName: string | null;
  /** The pupil's id here, for the link to their record (only with the name). */
  pupilId: string | null;
  otherSchoolName: string;
  status: TransferStatus;
  detectedAt: Date;
  requestedAt: Date | null;
  authorisedAt: Date | null;
  transferredAt: Date | null;
  confirmedAt: Date | null;
  declinedAt: Date | null;
  declineReason: string | null;
  leavingDate: string;
  dueOn: string;
  clock: ClockState;
  /** The step that is late, shown in words, never silently: null when none is. */
  awaiting: 'awaiting request' | 'awaiting authorisation' | null;
  incidentCount: number;
  documentCount: number;
}

const other = alias(schools, 'transfer_other_school');

/** The status's next step is someone's to take; past the deadline, it says whose. */
function awaitingOf(status: TransferStatus, clock: ClockState): TransferListItem['awaiting'] {
  if (clock !== 'overdue') return null;
  if (status === 'detected') return 'awaiting request';
  if (status === 'requested' || status === 'authorised') return 'awaiting authorisation';
  return null;
}

async function listSide(ctx: UserCtx, style: NameStyle, direction: 'received' | 'sent', onlyOpen: boolean) {
  const subject = sessionSubject(ctx);
  const mine = direction === 'received' ? transfers.toSchoolId : transfers.fromSchoolId;
  const pupilCol = direction === 'received' ? transfers.toStudentId : transfers.fromStudentId;
  const otherCol = direction === 'received' ? transfers.fromSchoolId : transfers.toSchoolId;
  const today = dateInZone(ctx.school.timeZone);
  const rows = await ctx.run((tx) =>
    tx
      .select({
        id: transfers.id,
        pupilId: students.id,
        names: pupilNameColumns,
        openable: sql<boolean>`coalesce(${studentVisibilityCondition(subject, studentColumnsOf(students), 'student.view')}, false)`,
        otherSchoolName: other.name,
        status: transfers.status,
        detectedAt: transfers.detectedAt,
        requestedAt: transfers.requestedAt,
        authorisedAt: transfers.authorisedAt,
        transferredAt: transfers.transferredAt,
        confirmedAt: transfers.confirmedAt,
        declinedAt: transfers.declinedAt,
        declineReason: transfers.declineReason,
        leavingDate: transfers.leavingDate,
        dueOn: transfers.dueOn,
        incidentCount: transfers.incidentCount,
        documentCount: transfers.documentCount,
      })
      .from(transfers)
      .innerJoin(students, and(eq(students.schoolId, ctx.school.id), eq(students.id, pupilCol)))
      .innerJoin(other, eq(other.id, otherCol))
      .where(
        and(
          eq(mine, ctx.school.id),
          onlyOpen ? inArray(transfers.status, ['detected', 'requested', 'authorised']) : undefined,
        ),
      )
      .orderBy(desc(transfers.detectedAt))
      .limit(500),
  );
  return rows.map(({ names, openable, pupilId, ...r }): TransferListItem => {
    const clock = clockState(r.dueOn, today, r.status === 'transferred' || r.status === 'declined');
    return {
      ...r,
      direction,
      pupilName: openable ? formatPupilName(names, style) : null,
      pupilId: openable ? pupilId : null,
      clock,
      awaiting: awaitingOf(r.status, clock),
    };
  });
}

/** Admin → Transfers: both lists. The caller has checked administration. */
export async function listTransfers(
  ctx: UserCtx,
  style: NameStyle,
): Promise<{ received: TransferListItem[]; sent: TransferListItem[] }> {
  return {
    received: await listSide(ctx, style, 'received', false),
    sent: await listSide(ctx, style, 'sent', false),
  };
}

/** The sending DSLs' dashboard card: this school's transfers still to send, with their clocks. */
export async function transfersToSend(ctx: UserCtx, style: NameStyle): Promise<TransferListItem[]> {
  return listSide(ctx, style, 'sent', true);
}

/** The receiving side's dashboard entry: transfers detected here and not yet requested. */
export async function transfersToRequest(ctx: UserCtx, style: NameStyle): Promise<TransferListItem[]> {
  return (await listSide(ctx, style, 'received', true)).filter((t) => t.status === 'detected');
}

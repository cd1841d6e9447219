/**
 * The transfer register: every child protection file this school sent or
 * received, with each step's date and who took it (this school's staff by
 * name; the other school's shown as that school's name), viewable and
 * exportable as PDF and Excel for the local authority and inspectors.
 *
 * Who may: lib/access `transfers.export` (administrators with their key who
 * run reports). The `transfers` table is read in the school's transaction,
 * where its row-level policy shows only rows from or to this school; the
 * query names the school too. Our pupil's name is shown where this person
 * may view the pupil (an archived pupil needs the archived-pupils
 * permission), else "A pupil you cannot see".
 */
import 'server-only';
import type { Writable } from 'node:stream';
import { PassThrough, Readable } from 'node:stream';
import { alias } from 'drizzle-orm/pg-core';
import { and, desc, eq, or, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { schools, students, transfers, users } from '@/db/schema';
import { accessSubjectOf, studentVisibilityCondition } from '@/lib/access';
import { spreadsheetText } from '@/lib/files';
import { loadSchoolLogo } from '@/lib/files/school-files';
import { PdfFlow } from '@/lib/pdf/flow';
import type { ReportFile } from '@/lib/reports';
import { formatPupilName, type NameStyle } from '@/lib/students/names';
import { studentColumnsOf } from '@/lib/students/visible';
import type { UserCtx } from '@/lib/tenancy/context';
import { requireTransferExport } from './export';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type TransferDirection = 'sent' | 'received';

export interface RegisterRow {
  id: string;
  direction: TransferDirection;
  /** Our pupil's name, or null when this person may not view them. */
  pupil: string | null;
  otherSchool: string;
  status: string;
  detectedAt: Date;
  requestedAt: Date | null;
  requestedBy: string | null;
  authorisedAt: Date | null;
  authorisedBy: string | null;
  /** When the file was copied to the receiving school. */
  receivedAt: Date | null;
  confirmedAt: Date | null;
  confirmedBy: string | null;
  declinedAt: Date | null;
  declinedBy: string | null;
  dueOn: string;
}

export const STATUS_LABELS: Record<string, string> = {
  detected: 'Detected',
  requested: 'Requested',
  authorised: 'Authorised',
  transferred: 'Transferred',
  declined: 'Declined',
};

const requester = alias(users, 'requester');
const authoriser = alias(users, 'authoriser');
const confirmer = alias(users, 'confirmer');
const decliner = alias(users, 'decliner');
const other = alias(schools, 'other_school');

/** The school's register, newest first: sent and received, as this person may see it. */
export async function transferRegister(ctx: UserCtx, style: NameStyle): Promise<RegisterRow[]> {
  requireTransferExport(ctx);
  const subject = await accessSubjectOf(ctx);
  const here = ctx.school.id;
  const sent = sql<boolean>`${transfers.fromSchoolId} = ${here}`;
  return ctx.run(async (tx) => {
    const rows = await tx
      .select({
        id: transfers.id,
        sent,
        status: transfers.status,
        otherSchool: other.name,
        detectedAt: transfers.detectedAt,
        requestedAt: transfers.requestedAt,
        requestedById: transfers.requestedBy,
        requestedBy: requester.displayName,
        authorisedAt: transfers.authorisedAt,
        authorisedById: transfers.authorisedBy,
        authorisedBy: authoriser.displayName,
        transferredAt: transfers.transferredAt,
        confirmedAt: transfers.confirmedAt,
        confirmedById: transfers.confirmedBy,
        confirmedBy: confirmer.displayName,
        declinedAt: transfers.declinedAt,
        declinedById: transfers.declinedBy,
        declinedBy: decliner.displayName,
        dueOn: transfers.dueOn,
        pupilId: students.id,
        legalForename: students.legalForename,
        legalSurname: students.legalSurname,
        preferredForename: students.preferredForename,
        preferredSurname: students.preferredSurname,
      })
      .from(transfers)
      .innerJoin(
        other,
        eq(
          other.id,
          sql`case when ${transfers.fromSchoolId} = ${here} then ${transfers.toSchoolId} else ${transfers.fromSchoolId} end`,
        ),
      )
      .leftJoin(
        students,
        and(
          eq(students.schoolId, here),
          eq(
            students.id,
            sql`case when ${transfers.fromSchoolId} = ${here} then ${transfers.fromStudentId} else ${transfers.toStudentId} end`,
          ),
          studentVisibilityCondition(subject, studentColumnsOf(students), 'student.view'),
        ),
      )
      .leftJoin(requester, eq(requester.id, transfers.requestedBy))
      .leftJoin(authoriser, eq(authoriser.id, transfers.authorisedBy))
      .leftJoin(confirmer, eq(confirmer.id, transfers.confirmedBy))
      .leftJoin(decliner, eq(decliner.id, transfers.declinedBy))
      .where(or(eq(transfers.fromSchoolId, here), eq(transfers.toSchoolId, here)))
      .orderBy(desc(transfers.detectedAt), desc(transfers.id));
    return rows.map((r): RegisterRow => {
      // The receiving school requests and confirms; the sending school authorises or declines.
      // The other school's staff are not readable here (users' policy): they are shown as the school.
      const by = (id: string | null, name: string | null, theirsStep: boolean) =>
        id === null ? null : theirsStep ? r.otherSchool : (name ?? 'A former member of staff');
      const direction: TransferDirection = r.sent ? 'sent' : 'received';
      return {
        id: r.id,
        direction,
        pupil:
          r.pupilId === null
            ? null
            : formatPupilName(
                {
                  legalForename: r.legalForename!,
                  legalSurname: r.legalSurname!,
                  preferredForename: r.preferredForename!,
                  preferredSurname: r.preferredSurname!,
                },
                style,
              ),
        otherSchool: r.otherSchool,
        status: r.status,
        detectedAt: r.detectedAt,
        requestedAt: r.requestedAt,
        requestedBy: by(r.requestedById, r.requestedBy, direction === 'sent'),
        authorisedAt: r.authorisedAt,
        authorisedBy: by(r.authorisedById, r.authorisedBy, direction === 'received'),
        receivedAt: r.transferredAt,
        confirmedAt: r.confirmedAt,
        confirmedBy: by(r.confirmedById, r.confirmedBy, direction === 'sent'),
        declinedAt: r.declinedAt,
        declinedBy: by(r.declinedById, r.declinedBy, direction === 'received'),
        dueOn: r.dueOn,
      };
    });
  });
}

const dayOf = (d: Date | null, timeZone: string) =>
  d === null ? '' : new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone }).format(d);

const step = (d: Date | null, by: string | null, timeZone: string) =>
  d === null ? '' : by ? `${dayOf(d, timeZone)} (${by})` : dayOf(d, timeZone);

/** The register's columns, as the page, the PDF and Excel show them. */
export function registerCells(r: RegisterRow, timeZone: string): [string, string][] {
  return [
    ['Direction', r.direction === 'sent' ? 'Sent' : 'Received'],
    ['Pupil', r.pupil ?? 'A pupil you cannot see'],
    ['Other school', r.otherSchool],
    ['Status', STATUS_LABELS[r.status] ?? r.status],
    ['Detected', dayOf(r.detectedAt, timeZone)],
    ['Requested', step(r.requestedAt, r.requestedBy, timeZone)],
    ['Authorised', step(r.authorisedAt, r.authorisedBy, timeZone)],
    ['Received', dayOf(r.receivedAt, timeZone)],
    ['Confirmed', step(r.confirmedAt, r.confirmedBy, timeZone)],
    ['Declined', step(r.declinedAt, r.declinedBy, timeZone)],
    ['Due', r.dueOn],
  ];
}

const fileDay = (ctx: UserCtx, at: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: ctx.school.timeZone }).format(at);

/** The register as a PDF: a block per transfer under the school's header. */
export async function transferRegisterPdf(ctx: UserCtx, style: NameStyle): Promise<ReportFile> {
  const rows = await transferRegister(ctx, style);
  const now = new Date();
  const flow = await PdfFlow.create({
    title: 'Transfer register',
    header: {
      title: 'Transfer register',
      notice: `${ctx.school.name} · generated by ${ctx.user.displayName}`,
      badge: 'CONFIDENTIAL',
      logo: (await loadSchoolLogo(ctx))?.bytes ?? null,
    },
    footer: ctx.school.name,
  });
  if (rows.length === 0) flow.text('No transfers sent or received.');
  for (const r of rows) {
    const cells = registerCells(r, ctx.school.timeZone);
    flow.heading(`${cells[0]![1]}: ${cells[1]![1]}`);
    flow.fields(
      cells.slice(2).filter(([, v]) => v !== ''),
      { after: 6 },
    );
  }
  return {
    filename: `transfer-register-${fileDay(ctx, now)}.pdf`,
    contentType: 'application/pdf',
    body: await flow.save(),
  };
}

async function writeRegisterXlsx(ctx: UserCtx, rows: RegisterRow[], out: Writable): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  book.creator = 'Haven';
  const sheet = book.addWorksheet('Transfer register');
  const add = (values: string[], bold = false) => {
    const row = sheet.addRow(values.map((v) => spreadsheetText(v)));
    if (bold) row.font = { bold: true };
    row.commit();
  };
  add(['Transfer register'], true);
  add([ctx.school.name]);
  add([]);
  add(
    registerCells(rows[0] ?? EMPTY, ctx.school.timeZone).map(([label]) => label),
    true,
  );
  for (const r of rows) add(registerCells(r, ctx.school.timeZone).map(([, v]) => v));
  sheet.commit();
  await book.commit();
}

const EMPTY: RegisterRow = {
  id: '',
  direction: 'sent',
  pupil: null,
  otherSchool: '',
  status: '',
  detectedAt: new Date(0),
  requestedAt: null,
  requestedBy: null,
  authorisedAt: null,
  authorisedBy: null,
  receivedAt: null,
  confirmedAt: null,
  confirmedBy: null,
  declinedAt: null,
  declinedBy: null,
  dueOn: '',
};

/** The register as Excel: a header row, then a row per transfer. */
export async function transferRegisterXlsx(ctx: UserCtx, style: NameStyle): Promise<ReportFile> {
  const rows = await transferRegister(ctx, style);
  const out = new PassThrough();
  writeRegisterXlsx(ctx, rows, out).catch((e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))));
  return {
    filename: `transfer-register-${fileDay(ctx, new Date())}.xlsx`,
    contentType: XLSX_TYPE,
    body: Readable.toWeb(out) as ReadableStream<Uint8Array>,
  };
}

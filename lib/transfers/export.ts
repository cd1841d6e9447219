/**
 * "Export for a school without Haven": a pupil's whole chronology as a
 * password-protected PDF (the Student report's listing, every date, the
 * chosen categories, names hidden as chosen) and their vault's documents
 * as a zip, for a new school that does not use Haven.
 *
 * Who may: lib/access `transfers.export` (administrators with their key who
 * run reports), and the pupil must be one they may view (the Student
 * report's `student.view`, decided again by lib/reports when the PDF is
 * read) — another school's pupil, or one they may not see, is "not found".
 * The zip holds only the pupil's live documents this person may read
 * (lib/vault's condition). Each part is audited as `transfer.exported` on the
 * pupil, and the page lists those rows: who exported whom, and when.
 */
import 'server-only';
import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { auditLog, students, users } from '@/db/schema';
import { accessSubjectOf, decide, sessionSubject, studentVisibilityCondition } from '@/lib/access';
import { NotAllowedError, NotFoundError, UserError } from '@/lib/errors';
import { downloadStudentReportPdf, type ReportFile } from '@/lib/reports';
import { findPupilFor } from '@/lib/students/access';
import { recordStudentEvent } from '@/lib/students/audit';
import { formatPupilName, type NameStyle } from '@/lib/students/names';
import { STUDENT_COLUMNS } from '@/lib/students/visible';
import type { Ctx, UserCtx } from '@/lib/tenancy/context';
import { documentsForZip, listVaultDocuments, pupilForDocuments, type DownloadableDocument } from '@/lib/vault';

export const ELEVATE_FOR_TRANSFER_EXPORT = 'Use your key to export a pupil’s file.';

export type TransferExportAccess = 'allowed' | 'needs_elevation' | 'not_allowed';

/** What the page shows: the form, a prompt to use the key, or a refusal. */
export function transferExportAccess(ctx: Ctx): TransferExportAccess {
  if (!ctx.user) return 'not_allowed';
  const decision = decide(sessionSubject(ctx as UserCtx), 'transfers.export');
  if (decision.allowed) return 'allowed';
  return decision.reason === 'needs_elevation' ? 'needs_elevation' : 'not_allowed';
}

/** Throws unless the person may export pupils' files (and so read the transfer register) right now. */
export function requireTransferExport(ctx: Ctx): asserts ctx is UserCtx {
  const access = transferExportAccess(ctx);
  if (access === 'allowed') return;
  throw new NotAllowedError(access === 'needs_elevation' ? ELEVATE_FOR_TRANSFER_EXPORT : undefined);
}

const uuid = z.string().uuid('Choose a pupil from the list.');

/** The export form's fields, as sent by the page. */
export const transferExportInput = z.object({
  studentId: uuid,
  categoryIds: z.array(z.string().uuid('Choose categories from the list.')).max(500),
  hideStudents: z.boolean(),
  hideStaff: z.boolean(),
  password: z.string().min(1, 'Give the PDF a password: the file leaves Haven.'),
});
export type TransferExportInput = z.infer<typeof transferExportInput>;

/**
 * The Student report's fields for the whole chronology: a listing of every
 * incident (any date) with its actions and the pupil's basic data, in the
 * chosen categories (none chosen: every category the person may report on).
 */
export function chronologyQuery(input: TransferExportInput): Record<string, string | string[]> {
  return {
    primary: 'month',
    display: 'listing',
    range: 'any',
    include: ['basicData', 'incidents', 'actions'],
    category: input.categoryIds,
    categoryMatch: 'any',
    linked: 'include',
    hideStudents: input.hideStudents ? '1' : '',
    hideStaff: input.hideStaff ? '1' : '',
  };
}

/** The chronology PDF, encrypted with `password` (required: the file leaves the platform), audited on the pupil. */
export async function exportChronologyPdf(ctx: UserCtx, raw: unknown, style: NameStyle): Promise<ReportFile> {
  requireTransferExport(ctx);
  const parsed = transferExportInput.safeParse(raw);
  if (!parsed.success) {
    const fields: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fields[String(issue.path[0])] ??= []).push(issue.message);
    throw new UserError(parsed.error.issues[0]!.message, fields);
  }
  const input = parsed.data;
  const file = await downloadStudentReportPdf(ctx, input.studentId, chronologyQuery(input), input.password, style);
  const subject = await accessSubjectOf(ctx);
  await ctx.run(async (tx) => {
    const pupil = await findPupilFor(tx, ctx, subject, input.studentId, 'student.view');
    await recordStudentEvent(tx, ctx, {
      action: 'transfer.exported',
      studentId: pupil.id,
      details: {
        part: 'chronology',
        categoryIds: input.categoryIds,
        hideStudents: input.hideStudents,
        hideStaff: input.hideStaff,
      },
      at: subject.now,
    });
  });
  return { ...file, filename: file.filename.replace(/^student-report/, 'transfer-chronology') };
}

/**
 * Every live document of the pupil's vault this person may read, for the
 * zip (lib/vault decides, reads and audits the download); the export is
 * recorded too. Nothing to send: "not found".
 */
export async function exportDocumentsForZip(ctx: UserCtx, rawStudentId: unknown): Promise<DownloadableDocument[]> {
  requireTransferExport(ctx);
  const subject = await accessSubjectOf(ctx);
  const { pupilId, ids } = await ctx.run(async (tx) => {
    const pupil = await pupilForDocuments(tx, ctx, subject, rawStudentId, 'student.documents');
    const list = await listVaultDocuments(tx, ctx, subject, pupil);
    return { pupilId: pupil.id, ids: list.documents.filter((d) => !d.deleted).map((d) => d.id) };
  });
  if (ids.length === 0) throw new NotFoundError('document');
  const docs = await documentsForZip(ctx, rawStudentId, ids);
  await ctx.run((tx) =>
    recordStudentEvent(tx, ctx, {
      action: 'transfer.exported',
      studentId: pupilId,
      details: { part: 'documents', documentIds: docs.map((d) => d.id) },
      at: subject.now,
    }),
  );
  return docs;
}

export interface TransferExportRecord {
  at: Date;
  part: 'chronology' | 'documents';
  by: string;
  /** The pupil's name, or null when this person may not see the pupil now. */
  pupil: string | null;
}

/** The school's exports, newest first: who, when, which part, and the pupil where this person may see them. */
export async function listTransferExports(ctx: UserCtx, style: NameStyle, limit = 50): Promise<TransferExportRecord[]> {
  requireTransferExport(ctx);
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    const rows = await tx
      .select({
        at: auditLog.at,
        details: auditLog.details,
        by: users.displayName,
        legalForename: students.legalForename,
        legalSurname: students.legalSurname,
        preferredForename: students.preferredForename,
        preferredSurname: students.preferredSurname,
        visible: sql<boolean>`${students.id} is not null`,
      })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorUserId))
      .leftJoin(
        students,
        and(
          eq(students.schoolId, auditLog.schoolId),
          eq(students.id, auditLog.entityId),
          studentVisibilityCondition(subject, STUDENT_COLUMNS, 'student.view'),
        ),
      )
      .where(and(eq(auditLog.schoolId, ctx.school.id), eq(auditLog.action, 'transfer.exported')))
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(limit);
    return rows.map((r) => ({
      at: r.at,
      part: (r.details as { part?: string }).part === 'documents' ? 'documents' : 'chronology',
      by: r.by ?? 'A former member of staff',
      pupil: r.visible
        ? formatPupilName(
            {
              legalForename: r.legalForename!,
              legalSurname: r.legalSurname!,
              preferredForename: r.preferredForename!,
              preferredSurname: r.preferredSurname!,
            },
            style,
          )
        : null,
    }));
  });
}

/** The chosen pupil of the export page, if this person may export them (else "not found"). */
export async function exportPupil(ctx: UserCtx, rawStudentId: unknown, style: NameStyle) {
  requireTransferExport(ctx);
  const subject = await accessSubjectOf(ctx);
  return ctx.run(async (tx) => {
    const pupil = await findPupilFor(tx, ctx, subject, rawStudentId, 'student.view');
    return { id: pupil.id, name: formatPupilName(pupil, style), archived: pupil.archivedAt !== null };
  });
}

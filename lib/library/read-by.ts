/**
 * A library file's "Read by" log: for each person alerted to it, who alerted
 * them and when, when they last opened it, and when they marked it read and
 * understood. For the school's compliance file, so it is offered on screen,
 * as CSV (every cell neutralised for spreadsheets) and as a PNG picture
 * (read-by-image.ts). Decided by lib/access ("library.read_by"), of this
 * school's live files only, and audited: looking at it and each download.
 */
import 'server-only';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { stringify } from 'csv-stringify/sync';
import { libraryDocuments, libraryReadReceipts, users } from '@/db/schema';
import { writeAudit } from '@/lib/audit/write';
import { NotFoundError } from '@/lib/errors';
import { spreadsheetText } from '@/lib/files/spreadsheet-cell';
import { isUuid } from '@/lib/ids';
import type { UserCtx } from '@/lib/tenancy/context';
import { requireLibrary } from './access';
import { readByImage } from './read-by-image';

export interface ReadByRow {
  person: string;
  alertedBy: string;
  alertedAt: Date;
  requireAction: boolean;
  lastViewedAt: Date | null;
  understoodAt: Date | null;
}

export interface ReadByLog {
  documentId: string;
  name: string;
  rows: ReadByRow[];
  /** When the log was read, for the downloads' "as at". */
  at: Date;
}

export type ReadByUse = 'viewed' | 'csv' | 'png';

const alerter = alias(users, 'alerter');

/** The log of one live file of this school, decided and audited as `use`. */
export async function libraryReadBy(ctx: UserCtx, rawId: string, use: ReadByUse = 'viewed'): Promise<ReadByLog> {
  const subject = await requireLibrary(ctx, 'library.read_by');
  if (!isUuid(rawId)) throw new NotFoundError('document');
  const id = rawId.toLowerCase();
  return ctx.run(async (tx) => {
    const [doc] = await tx
      .select({ id: libraryDocuments.id, name: libraryDocuments.originalName })
      .from(libraryDocuments)
      .where(
        and(
          eq(libraryDocuments.schoolId, ctx.school.id),
          eq(libraryDocuments.id, id),
          isNull(libraryDocuments.deletedAt),
        ),
      )
      .limit(1);
    if (!doc) throw new NotFoundError('document');
    const rows = await tx
      .select({
        person: users.displayName,
        alertedBy: alerter.displayName,
        alertedAt: libraryReadReceipts.alertedAt,
        requireAction: libraryReadReceipts.requireAction,
        lastViewedAt: libraryReadReceipts.lastViewedAt,
        understoodAt: libraryReadReceipts.understoodAt,
      })
      .from(libraryReadReceipts)
      .innerJoin(users, eq(users.id, libraryReadReceipts.userId))
      .leftJoin(alerter, eq(alerter.id, libraryReadReceipts.alertedBy))
      .where(and(eq(libraryReadReceipts.schoolId, ctx.school.id), eq(libraryReadReceipts.documentId, doc.id)))
      .orderBy(asc(sql`lower(${users.displayName})`), asc(libraryReadReceipts.alertedAt));
    await writeAudit(tx, {
      schoolId: ctx.school.id,
      at: subject.now,
      actorUserId: ctx.user.id,
      meta: ctx.meta,
      action: use === 'viewed' ? 'library.read_by_viewed' : 'library.read_by_downloaded',
      entityType: 'library_document',
      entityId: doc.id,
      ...(use === 'viewed' ? {} : { details: { format: use } }),
    });
    return {
      documentId: doc.id,
      name: doc.name,
      at: subject.now,
      rows: rows.map((r) => ({ ...r, alertedBy: r.alertedBy ?? 'a former member of staff' })),
    };
  });
}

/** "3 Dec 2026, 14:05" in the school's zone; the same words on screen, in CSV and in the picture. */
export function readByTimeFormat(timeZone: string): (d: Date | null) => string {
  const fmt = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone });
  return (d) => (d ? fmt.format(d) : '');
}

export const READ_BY_COLUMNS = ['Person', 'Alerted by', 'Alerted at', 'Last viewed', 'Read and understood'] as const;

function cells(r: ReadByRow, when: (d: Date | null) => string): string[] {
  return [
    r.person,
    r.alertedBy,
    when(r.alertedAt),
    when(r.lastViewedAt) || 'Not opened',
    when(r.understoodAt) || (r.requireAction ? 'Not yet' : 'Not asked'),
  ];
}

/** A safe download name from the file's own: letters, digits and dashes only. */
function baseName(log: ReadByLog): string {
  const stem = log.name
    .replace(/\.[^.]*$/, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `read-by-${(stem || 'file').slice(0, 60)}`;
}

export interface ReadByDownload {
  body: Uint8Array;
  contentType: string;
  fileName: string;
}

export async function readByDownload(ctx: UserCtx, rawId: string, format: 'csv' | 'png'): Promise<ReadByDownload> {
  const log = await libraryReadBy(ctx, rawId, format);
  const when = readByTimeFormat(ctx.school.timeZone);
  const table = log.rows.map((r) => cells(r, when));
  if (format === 'csv') {
    const csv = stringify([[...READ_BY_COLUMNS], ...table.map((row) => row.map(spreadsheetText))]);
    return {
      body: new TextEncoder().encode(csv),
      contentType: 'text/csv; charset=utf-8',
      fileName: `${baseName(log)}.csv`,
    };
  }
  const png = await readByImage({
    title: `Read by: ${log.name}`,
    subtitle: `${ctx.school.name} · as at ${when(log.at)}`,
    columns: [...READ_BY_COLUMNS],
    rows: table,
  });
  return { body: png, contentType: 'image/png', fileName: `${baseName(log)}.png` };
}

export { cells as readByCells };

/**
 * What a report download is, shared by download.ts (summaries) and
 * listing-export.ts (listings): download.ts imports listing-export.ts, so
 * the shared shape lives here, below both, and download.ts re-exports it.
 *
 * Pure module.
 */
export interface ReportFile {
  filename: string;
  contentType: string;
  body: ReadableStream<Uint8Array> | Uint8Array;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

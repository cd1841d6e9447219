/**
 * Reading an extract file's records with its structural problems (unreadable
 * CSV, a row with too many or too few fields) reported as row errors, and
 * checking headers before anything is written. A file that is not UTF-8 is
 * refused whole (BundleRefused, naming the file and the first bad line): the
 * run fails and its transaction, if open, rolls back, so nothing of the
 * bundle is imported.
 */
import { InvalidUtf8Error } from './byte-guards';
import { readCsv, readCsvBatches, type CsvItem, type CsvRecord } from './csv';
import { BundleRefused, type BundleFile } from './bundle';
import { clip } from './fields';
import { headerProblem, type BundleFileKind } from './files';
import type { RunReport } from './issues';
import { isLongerThan, tooLongReason, type ColumnLimit } from './limits';

/** The file's header problem (missing required column, duplicate column), or null. */
export async function checkHeader(file: BundleFile): Promise<string | null> {
  const stream = file.open();
  try {
    for await (const item of readCsv(stream)) {
      if (item.kind === 'header') return headerProblem(file.kind, item.header.columns);
      if (item.kind === 'syntax')
        return `${file.name}: the first line (the column names) is not valid CSV: ${item.issue.reason}.`;
    }
    return `${file.name} is empty: its first line must name the columns.`;
  } catch (e) {
    throw await refusalFor(file, e);
  } finally {
    stream.destroy();
  }
}

/** Every data record of the file, in order, in batches; broken ones go to the report. */
export async function* recordBatches(
  file: BundleFile,
  report: RunReport,
  onUnreadable: (line: number) => void = () => {},
): AsyncGenerator<CsvRecord[]> {
  try {
    for await (const batch of readCsvBatches(file.open())) {
      const out: CsvRecord[] = [];
      for (const item of batch) {
        const record = take(file, report, item);
        if (record) out.push(record);
        else if (item.kind === 'field-count') onUnreadable(item.line);
        else if (item.kind === 'syntax') onUnreadable(item.issue.line);
      }
      if (out.length > 0) yield out;
    }
  } catch (e) {
    throw await refusalFor(file, e);
  }
}

/** The line (1-based, as an editor counts: CRLF, LF or CR ends a line) holding byte `offset` of the file. */
async function lineAtOffset(file: BundleFile, offset: number): Promise<number> {
  let line = 1;
  let seen = 0;
  let lastWasCr = false;
  const stream = file.open();
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const end = Math.min(chunk.length, offset - seen);
      for (let i = 0; i < end; i++) {
        const b = chunk[i]!;
        if (b === 0x0a) {
          if (!lastWasCr) line++;
          lastWasCr = false;
        } else {
          lastWasCr = b === 0x0d;
          if (lastWasCr) line++;
        }
      }
      seen += end;
      if (seen >= offset) break;
    }
  } finally {
    stream.destroy();
  }
  return line;
}

/** An encoding failure as the refusal of the whole file; anything else as it was. */
async function refusalFor(file: BundleFile, e: unknown): Promise<unknown> {
  if (!(e instanceof InvalidUtf8Error)) return e;
  const head = await firstBytes(file, 2);
  if (e.offset === 0 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) {
    return new BundleRefused(
      `${file.name} is saved as UTF-16 ("Unicode text"), not UTF-8, so nothing was imported. Save it as UTF-8 ("CSV UTF-8" in Excel) and import it again.`,
    );
  }
  const line = await lineAtOffset(file, e.offset);
  const hex = `0x${e.byte.toString(16).toUpperCase().padStart(2, '0')}`;
  const latin1 = e.byte >= 0xa0 ? `, which is "${String.fromCharCode(e.byte)}" in Windows-1252 or Latin-1` : '';
  return new BundleRefused(
    `${file.name} is not UTF-8 text, so nothing was imported: line ${line.toLocaleString('en-GB')} has a byte that is not UTF-8 (${hex}${latin1}). Save the file as UTF-8 ("CSV UTF-8" in Excel) and import it again.`,
  );
}

async function firstBytes(file: BundleFile, n: number): Promise<Buffer> {
  const stream = file.open();
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) return chunk.subarray(0, n);
    return Buffer.alloc(0);
  } finally {
    stream.destroy();
  }
}

/** The rows of a file keyed by mis_id (students.csv, staff.csv), and the mis_ids a skipped row named. */
export interface RowsByMisId<T> {
  rows: Map<string, T>;
  /** Named by a row that was not imported (an error, or a repeated mis_id): their records are left as they are. */
  skipped: Set<string>;
  /** Lines whose person cannot be known (not readable as a row, or no mis_id): nobody may be archived as missing. */
  unidentified: number[];
}

/**
 * Reads a file whose rows are people keyed by mis_id. `parse` returns a row,
 * or undefined after reporting why it is not imported. The same mis_id on
 * two lines is an error on each: which row is right cannot be known, so
 * neither is imported.
 */
export async function rowsByMisId<T extends { misId: string }>(
  file: BundleFile,
  report: RunReport,
  parse: (get: (column: string) => string, line: number) => T | undefined,
): Promise<RowsByMisId<T>> {
  const rows = new Map<string, T>();
  const linesOf = new Map<string, number[]>();
  const skipped = new Set<string>();
  const unidentified: number[] = [];
  for await (const r of records(file, report, (line) => unidentified.push(line))) {
    const misId = r.get('mis_id').trim();
    if (misId !== '') linesOf.set(misId, [...(linesOf.get(misId) ?? []), r.line]);
    const row = parse((c) => r.get(c), r.line);
    if (!row) {
      if (misId !== '') skipped.add(misId);
      else unidentified.push(r.line);
      continue;
    }
    if (!rows.has(row.misId)) rows.set(row.misId, row);
  }
  for (const [misId, lines] of linesOf) {
    if (lines.length < 2) continue;
    for (const line of lines) {
      report.error(
        file.kind,
        line,
        'mis_id',
        `mis_id "${clip(misId)}" appears on lines ${lines.join(', ')}; none of these rows was imported`,
      );
    }
    rows.delete(misId);
    skipped.add(misId);
  }
  return { rows, skipped, unidentified };
}

/** Every data record of the file, in order; broken ones go to the report. */
export async function* records(
  file: BundleFile,
  report: RunReport,
  onUnreadable?: (line: number) => void,
): AsyncGenerator<CsvRecord> {
  for await (const batch of recordBatches(file, report, onUnreadable)) yield* batch;
}

function take(file: BundleFile, report: RunReport, item: CsvItem): CsvRecord | null {
  {
    switch (item.kind) {
      case 'header':
        return null;
      case 'record':
        report.file(file.kind).rows++;
        return item.record;
      case 'field-count':
        report.file(file.kind).rows++;
        report.error(
          file.kind,
          item.line,
          null,
          `this row has ${item.found} fields but the first line names ${item.expected} columns (a missing or extra comma, or an unquoted comma in a value)`,
        );
        return null;
      case 'syntax':
        report.file(file.kind).rows++;
        report.error(file.kind, item.issue.line, null, item.issue.reason);
        return null;
    }
  }
}

/** Collects field problems of one row, so every problem of the row is reported at once. */
export class RowCheck {
  /** Problems that keep the row out. */
  readonly problems: { column: string; reason: string }[] = [];
  /** Columns whose value was too long to take: the row is imported without them, and the values stored before stay. */
  readonly kept = new Set<string>();
  private readonly keptProblems: { column: string; reason: string }[] = [];

  take<T>(column: string, result: { ok: true; value: T } | { ok: false; reason: string }): T | undefined {
    if (result.ok) return result.value;
    this.problems.push({ column, reason: result.reason });
    return undefined;
  }

  /** An optional detail (limits.ts 'keep-stored'): blank → null; too long → null, and the column is kept as stored. */
  detail(column: string, raw: string, limit: ColumnLimit): string | null {
    const v = raw.trim();
    if (v === '') return null;
    if (!isLongerThan(v, limit.max)) return v;
    this.kept.add(column);
    this.keptProblems.push({ column, reason: tooLongReason(limit.max, 'keep-stored') });
    return null;
  }

  get ok(): boolean {
    return this.problems.length === 0;
  }

  /** Reports the row's problems (all of them when it is not imported); true when it is imported. */
  reportTo(report: RunReport, kind: BundleFileKind, line: number): boolean {
    const all = this.ok ? this.keptProblems : [...this.problems, ...this.keptProblems];
    for (const p of all) report.error(kind, line, p.column, p.reason);
    return this.ok;
  }
}

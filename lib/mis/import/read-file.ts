/**
 * Reading an extract file's records with its structural problems (unreadable
 * CSV, a row with too many or too few fields) reported as row errors, and
 * checking headers before anything is written.
 */
import { readCsv, readCsvBatches, type CsvItem, type CsvRecord } from './csv';
import type { BundleFile } from './bundle';
import { clip } from './fields';
import { headerProblem } from './files';
import type { RunReport } from './issues';

/** The file's header problem (missing required column, duplicate column), or null. */
export async function checkHeader(file: BundleFile): Promise<string | null> {
  const stream = file.open();
  try {
    for await (const item of readCsv(stream)) {
      if (item.kind === 'header') return headerProblem(file.kind, item.header.columns);
      if (item.kind === 'syntax') return `${file.name}: the first line (the column names) is not valid CSV: ${item.issue.reason}.`;
    }
    return `${file.name} is empty: its first line must name the columns.`;
  } finally {
    stream.destroy();
  }
}

/** Every data record of the file, in order, in batches; broken ones go to the report. */
export async function* recordBatches(file: BundleFile, report: RunReport): AsyncGenerator<CsvRecord[]> {
  for await (const batch of readCsvBatches(file.open())) {
    const out: CsvRecord[] = [];
    for (const item of batch) {
      const record = take(file, report, item);
      if (record) out.push(record);
    }
    if (out.length > 0) yield out;
  }
}

/** The rows of a file keyed by mis_id (students.csv, staff.csv), and the mis_ids a skipped row named. */
export interface RowsByMisId<T> {
  rows: Map<string, T>;
  /** Named by a row that was not imported (an error, or a repeated mis_id): their records are left as they are. */
  skipped: Set<string>;
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
  for await (const r of records(file, report)) {
    const misId = r.get('mis_id').trim();
    if (misId !== '') linesOf.set(misId, [...(linesOf.get(misId) ?? []), r.line]);
    const row = parse((c) => r.get(c), r.line);
    if (!row) {
      if (misId !== '') skipped.add(misId);
      continue;
    }
    if (!rows.has(row.misId)) rows.set(row.misId, row);
  }
  for (const [misId, lines] of linesOf) {
    if (lines.length < 2) continue;
    for (const line of lines) {
      report.error(file.kind, line, 'mis_id', `mis_id "${clip(misId)}" appears on lines ${lines.join(', ')}; none of these rows was imported`);
    }
    rows.delete(misId);
    skipped.add(misId);
  }
  return { rows, skipped };
}

/** Every data record of the file, in order; broken ones go to the report. */
export async function* records(file: BundleFile, report: RunReport): AsyncGenerator<CsvRecord> {
  for await (const batch of recordBatches(file, report)) yield* batch;
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
        report.error(file.kind, item.line, null, `this row has ${item.found} fields but the first line names ${item.expected} columns (a missing or extra comma, or an unquoted comma in a value)`);
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
  readonly problems: { column: string; reason: string }[] = [];

  take<T>(column: string, result: { ok: true; value: T } | { ok: false; reason: string }): T | undefined {
    if (result.ok) return result.value;
    this.problems.push({ column, reason: result.reason });
    return undefined;
  }

  get ok(): boolean {
    return this.problems.length === 0;
  }
}

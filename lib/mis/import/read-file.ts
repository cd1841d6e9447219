/**
 * Reading an extract file's records with its structural problems (unreadable
 * CSV, a row with too many or too few fields) reported as row errors, and
 * checking headers before anything is written.
 */
import { readCsv, readCsvBatches, type CsvItem, type CsvRecord } from './csv';
import type { BundleFile } from './bundle';
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

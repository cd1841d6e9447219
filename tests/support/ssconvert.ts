/**
 * A workbook as Gnumeric reads it: ssconvert (Debian's gnumeric package)
 * turns it into CSV, parsed back into rows of cell texts. CI installs it
 * (.ci/run); a machine without it is told so loudly, and CI fails.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const SSCONVERT_MISSING =
  "ssconvert is not installed: install Debian's gnumeric (apt-get install --no-install-recommends gnumeric) to check that the Excel exports open in Gnumeric. CI installs it.";

/** True when ssconvert runs here. */
export function ssconvertAvailable(): boolean {
  const probe = spawnSync('ssconvert', ['--version'], { encoding: 'utf8' });
  return !probe.error && probe.status === 0;
}

/** RFC 4180 CSV (quotes doubled inside quoted fields), as ssconvert writes it. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** The first sheet of an .xlsx as Gnumeric reads it, one array of cell texts per row. */
export function xlsxAsGnumericRows(bytes: Uint8Array): string[][] {
  const dir = mkdtempSync(path.join(tmpdir(), 'haven-ssconvert-'));
  try {
    const input = path.join(dir, 'report.xlsx');
    const output = path.join(dir, 'report.csv');
    writeFileSync(input, bytes);
    const run = spawnSync('ssconvert', ['--export-type=Gnumeric_stf:stf_csv', input, output], {
      encoding: 'utf8',
      env: { ...process.env, HOME: dir },
      timeout: 60_000,
    });
    if (run.error) throw new Error(SSCONVERT_MISSING);
    if (run.status !== 0) throw new Error(`ssconvert could not read the workbook (${run.status}): ${run.stderr}`);
    return parseCsv(readFileSync(output, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

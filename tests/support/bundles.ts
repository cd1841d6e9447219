/**
 * MIS extract bundles for importer tests: the shared sample copied to a
 * temporary folder, with any file replaced or edited, and zipped when needed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync, strToU8 } from 'fflate';

/** A copy of the format's sample bundle (../shared/mis-sample), kept in the repository. */
export const SAMPLE_DIR = fileURLToPath(new URL('../fixtures/mis-sample', import.meta.url));
export const SAMPLE_FILES = ['students.csv', 'staff.csv', 'contacts.csv', 'attendance.csv'] as const;

export function readSample(name: (typeof SAMPLE_FILES)[number]): string {
  return fs.readFileSync(path.join(SAMPLE_DIR, name), 'utf8');
}

/**
 * A copy of the sample in a fresh folder. `edit` maps a file name to its new
 * text, or to null to leave the file out.
 */
export function sampleBundle(edit: Partial<Record<string, string | null>> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-test-bundle-'));
  for (const name of SAMPLE_FILES) {
    if (edit[name] === null) continue;
    fs.writeFileSync(path.join(dir, name), edit[name] ?? readSample(name));
  }
  for (const [name, text] of Object.entries(edit)) {
    if (!(SAMPLE_FILES as readonly string[]).includes(name) && text !== null && text !== undefined)
      fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** A zip (bytes) of the given entries. */
export function zipOf(entries: Record<string, string | Uint8Array>): Uint8Array {
  return zipSync(
    Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, typeof v === 'string' ? strToU8(v) : v])),
  );
}

/** Replaces one line (1-based, physical) of a CSV text. */
export function replaceLine(text: string, line: number, replacement: string): string {
  const lines = text.split('\n');
  lines[line - 1] = replacement;
  return lines.join('\n');
}

/**
 * What an import run reports about rows: errors (the row was skipped) and
 * warnings (imported with a caveat), each with file, line, column and reason.
 * A badly broken extract could have a million bad rows: every one is counted,
 * the first MAX_LISTED_PER_FILE of each file are kept to be listed.
 */
import type { ImportCounts } from '@/db/schema/mis';
import { BUNDLE_FILE_NAMES, type BundleFileKind } from './files';

export const MAX_LISTED_PER_FILE = 5_000;

export interface RowIssue {
  severity: 'error' | 'warning';
  file: string;
  line: number;
  column: string | null;
  reason: string;
}

export type FileCounts = ImportCounts['files'][string];

const emptyFileCounts = (): FileCounts => ({
  rows: 0,
  added: 0,
  updated: 0,
  unchanged: 0,
  archived: 0,
  restored: 0,
  errors: 0,
});

export class RunReport {
  readonly issues: RowIssue[] = [];
  readonly files: Partial<Record<BundleFileKind, FileCounts>> = {};
  warnings = 0;
  staffDeactivated = 0;
  siblingLinks = { added: 0, removed: 0 };
  private readonly listed = new Map<string, number>();
  private readonly unlisted = new Map<string, number>();

  file(kind: BundleFileKind): FileCounts {
    return (this.files[kind] ??= emptyFileCounts());
  }

  error(kind: BundleFileKind, line: number, column: string | null, reason: string): void {
    this.file(kind).errors++;
    this.add({ severity: 'error', file: BUNDLE_FILE_NAMES[kind], line, column, reason });
  }

  warning(kind: BundleFileKind, line: number, column: string | null, reason: string): void {
    this.warnings++;
    this.add({ severity: 'warning', file: BUNDLE_FILE_NAMES[kind], line, column, reason });
  }

  private add(issue: RowIssue): void {
    const n = this.listed.get(issue.file) ?? 0;
    if (n >= MAX_LISTED_PER_FILE) {
      this.unlisted.set(issue.file, (this.unlisted.get(issue.file) ?? 0) + 1);
      return;
    }
    this.listed.set(issue.file, n + 1);
    this.issues.push(issue);
  }

  /** Issues to store: the listed ones, plus one line per file saying how many more there were. */
  issuesToStore(): RowIssue[] {
    const more = [...this.unlisted].map(([file, n]): RowIssue => ({
      severity: 'error',
      file,
      line: 0,
      column: null,
      reason: `${n.toLocaleString('en-GB')} further errors and warnings in this file are counted but not listed; correct the ones above and import again.`,
    }));
    return [...this.issues, ...more];
  }

  counts(): ImportCounts {
    const files: ImportCounts['files'] = {};
    let added = 0;
    let updated = 0;
    let archived = 0;
    let restored = 0;
    let errors = 0;
    for (const [kind, c] of Object.entries(this.files) as [BundleFileKind, FileCounts][]) {
      files[BUNDLE_FILE_NAMES[kind]] = { ...c };
      added += c.added;
      updated += c.updated;
      archived += c.archived;
      restored += c.restored;
      errors += c.errors;
    }
    return {
      added,
      updated,
      archived,
      restored,
      errors,
      warnings: this.warnings,
      files,
      staffDeactivated: this.staffDeactivated,
      siblingLinks: { ...this.siblingLinks },
    };
  }
}

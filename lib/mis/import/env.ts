/** What every step of one import run shares: the transaction, the school, the clock, the report. */
import type { Tx } from '@/db/scoped';
import type { BundleFileKind } from './files';
import type { RunReport } from './issues';

export interface ImportEnv {
  tx: Tx;
  schoolId: string;
  runId: string;
  /** The school's date today (YYYY-MM-DD, its own time zone): leaving and end dates are compared with it. */
  today: string;
  now: Date;
  report: RunReport;
  /** The person who started the run (an upload), or null (the command or the job). */
  actorUserId: string | null;
  /** The school setting "disable user accounts which no longer appear in automatic extracts". */
  deactivateMissingStaff: boolean;
}

/** Pupils as the other files may refer to them, once students.csv is done. */
export interface Roll {
  /** Every mis_id in students.csv that has a record after the import (valid rows, and errored rows of existing pupils). */
  idByMisId: Map<string, string>;
  /** mis_ids whose row in students.csv was imported (their contacts are a full snapshot). */
  imported: Set<string>;
  /** mis_ids in students.csv whose rows were skipped, with no record to fall back on. */
  skippedWithoutRecord: Set<string>;
}

/** Rows per statement: large enough to be quick, small enough to stay well under 65,535 parameters. */
export const BATCH = 1_000;

export function* chunks<T>(items: readonly T[], size = BATCH): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/**
 * Upsert rows grouped by the columns each keeps as stored (a value too long
 * to take, lib/mis/import/limits.ts): each group comes with the upsert's
 * `set` minus those columns, so an existing record keeps them while a new
 * one is inserted with them blank. Nearly every row keeps nothing, so there
 * is usually one group.
 */
export function* keptGroups<V, S extends Record<string, unknown>>(
  rows: readonly { values: V; kept: ReadonlySet<string> }[],
  set: S,
  setKeyOf: Readonly<Record<string, keyof S>>,
): Generator<{ values: V[]; set: Partial<S> }> {
  const groups = new Map<string, { values: V[]; kept: ReadonlySet<string> }>();
  for (const r of rows) {
    const key = [...r.kept].sort().join(',');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { values: [], kept: r.kept }));
    g.values.push(r.values);
  }
  for (const g of groups.values()) {
    const without = new Set([...g.kept].map((c) => setKeyOf[c]));
    yield {
      values: g.values,
      set: Object.fromEntries(Object.entries(set).filter(([k]) => !without.has(k))) as Partial<S>,
    };
  }
}

/** Writes the upserts through `write`, one statement per 500 rows of a kept-columns group (see keptGroups). */
export async function upsertByKept<V, S extends Record<string, unknown>>(
  rows: readonly { values: V; kept: ReadonlySet<string> }[],
  set: S,
  setKeyOf: Readonly<Record<string, keyof S>>,
  write: (batch: V[], set: Partial<S>) => Promise<unknown>,
): Promise<void> {
  for (const group of keptGroups(rows, set, setKeyOf)) {
    for (const batch of chunks(group.values, 500)) await write(batch, group.set);
  }
}

/**
 * Records live before, not in this file, and not behind a skipped row: the
 * ones archived as missing. When a line of the file could not be tied to a
 * person at all (unreadable, the wrong number of fields, no mis_id), who it
 * named cannot be known, so nobody is archived as missing this run: a
 * warning says how many were left as they are, and why.
 */
export function missingIds(
  existing: readonly { id: string; misId: string; archivedAt: Date | null }[],
  read: { rows: ReadonlyMap<string, unknown>; skipped: ReadonlySet<string>; unidentified: readonly number[] },
  report: RunReport,
  kind: BundleFileKind,
  people: readonly [one: string, many: string],
): string[] {
  const missing = existing
    .filter((e) => e.archivedAt === null && !read.rows.has(e.misId) && !read.skipped.has(e.misId))
    .map((e) => e.id);
  if (missing.length === 0 || read.unidentified.length === 0) return missing;
  warnHeld(
    report,
    kind,
    read.unidentified,
    `${missing.length.toLocaleString('en-GB')} ${people[missing.length === 1 ? 0 : 1]} not in this file left as ${missing.length === 1 ? 'it was' : 'they were'}, not archived`,
  );
  return [];
}

/** The warning for records a run left alone because `lines` could not be tied to anyone (what: what was held). */
export function warnHeld(report: RunReport, kind: BundleFileKind, lines: readonly number[], what: string): void {
  const listed = lines.slice(0, 10).join(', ') + (lines.length > 10 ? ', …' : '');
  const one = lines.length === 1;
  report.warning(
    kind,
    lines[0]!,
    null,
    `${what}: line${one ? '' : 's'} ${listed} could not be tied to anyone, and may have named them. Correct ${one ? 'it' : 'them'} and import again.`,
  );
}

/** The values a row's hash is taken over: with the kept columns named, so a row that kept one never looks unchanged from one that did not. */
export const hashedWithKept = (values: readonly unknown[], kept: ReadonlySet<string>): readonly unknown[] =>
  kept.size === 0 ? values : [...values, { kept: [...kept].sort() }];

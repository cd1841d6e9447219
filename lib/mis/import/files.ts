/**
 * The four files of an extract bundle and the columns each must have
 * (../shared/mis-format.md). A missing required file or column rejects the
 * whole import before anything is written.
 */

export type BundleFileKind = 'students' | 'staff' | 'contacts' | 'attendance';

export const BUNDLE_FILE_NAMES: Record<BundleFileKind, string> = {
  students: 'students.csv',
  staff: 'staff.csv',
  contacts: 'contacts.csv',
  attendance: 'attendance.csv',
};

/** Processing order: pupils first (the others refer to them), then staff, contacts, marks. */
export const BUNDLE_FILE_ORDER: readonly BundleFileKind[] = ['students', 'staff', 'contacts', 'attendance'];

export const REQUIRED_COLUMNS: Record<BundleFileKind, readonly string[]> = {
  students: ['mis_id', 'legal_forename', 'legal_surname', 'date_of_birth', 'start_date'],
  staff: ['mis_id', 'forename', 'surname'],
  contacts: ['student_mis_id', 'contact_id'],
  attendance: ['student_mis_id', 'date', 'session', 'code'],
};

/** The kind of a file name (case-insensitive), or null for any other name. */
export function bundleFileKind(fileName: string): BundleFileKind | null {
  const lower = fileName.toLowerCase();
  for (const kind of BUNDLE_FILE_ORDER) if (BUNDLE_FILE_NAMES[kind] === lower) return kind;
  return null;
}

/** Why a header cannot be imported, or null when it has every required column once. */
export function headerProblem(kind: BundleFileKind, columns: readonly string[]): string | null {
  const file = BUNDLE_FILE_NAMES[kind];
  const seen = new Set<string>();
  for (const c of columns) {
    if (c === '') continue;
    if (seen.has(c)) return `${file}: the column "${c}" appears more than once, so it is not clear which to read.`;
    seen.add(c);
  }
  const missing = REQUIRED_COLUMNS[kind].filter((c) => !seen.has(c));
  if (missing.length === 0) return null;
  const list = missing.map((c) => `"${c}"`).join(', ');
  return `${file} has no ${list} column${missing.length > 1 ? 's' : ''} (required). Nothing was imported.`;
}

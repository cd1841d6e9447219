/**
 * A saved report's definition as stored (JSON in `saved_reports`), read
 * back. Definitions only grow by new members (./definition.ts), so a stored
 * one of the current version parses as it is; when a change needs a new
 * version, its step from the version before goes in UPGRADES and every stored
 * definition is brought up to date as it is read, never rewritten in place.
 * A definition that still does not parse (a version this code does not know,
 * a row edited by hand) is reported as unreadable rather than run as
 * something else.
 *
 * Pure module.
 */
import { anyReportDefinition, REPORT_DEFINITION_VERSION, type AnyReportDefinition } from './definition';

type Stored = Record<string, unknown>;

/** Version n → version n + 1, keyed by n. Empty while version 1 is the only shape there has been. */
const UPGRADES: Readonly<Record<number, (stored: Stored) => Stored>> = {};

const isObject = (v: unknown): v is Stored => typeof v === 'object' && v !== null && !Array.isArray(v);

export function readStoredDefinition(
  stored: unknown,
  upgrades: Readonly<Record<number, (stored: Stored) => Stored>> = UPGRADES,
): AnyReportDefinition | null {
  let value = stored;
  while (isObject(value) && typeof value.version === 'number' && value.version < REPORT_DEFINITION_VERSION) {
    const step = upgrades[value.version];
    if (!step) return null;
    value = step(value);
  }
  const parsed = anyReportDefinition.safeParse(value);
  return parsed.success ? parsed.data : null;
}

const TYPE_LABELS: Readonly<Record<string, string>> = {
  'summary-table': 'Summary table',
  'summary-chart': 'Summary chart',
  'combined-graph': 'Combined graph',
  listing: 'Listing',
};

/** The report's type as the saved list names it; a definition that cannot be read says so. */
export function storedReportTypeLabel(definition: AnyReportDefinition | null): string {
  if (!definition) return 'Cannot be read';
  const type: string = definition.report.type;
  const label = TYPE_LABELS[type] ?? type;
  return definition.subject === 'students' ? `${label} of pupils` : label;
}

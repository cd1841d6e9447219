/**
 * Reading a saved report's stored definition: today's version as it is, an
 * older one through each upgrade step in turn, and anything that still does
 * not parse (an unknown version, a missing step, a hand-edited row) as
 * unreadable rather than run as something else. Also when a report expires.
 */
import { describe, expect, it } from 'vitest';
import { expiryFrom } from '@/lib/reports/saved-input';
import { readStoredDefinition, storedReportTypeLabel } from '@/lib/reports/stored-definition';

const v1 = {
  version: 1,
  subject: 'incidents',
  filters: {
    dates: { kind: 'quick', range: 'this-term' },
    categories: { match: 'any', ids: [] },
    status: 'any',
    recordedBy: { mode: 'only', ids: [] },
  },
  report: { type: 'summary-table', primary: { by: 'tutor-group' }, secondary: null },
};

describe('readStoredDefinition', () => {
  it('reads the current version as stored', () => {
    expect(readStoredDefinition(JSON.parse(JSON.stringify(v1)))).toEqual(v1);
    expect(storedReportTypeLabel(readStoredDefinition(v1))).toBe('Summary table');
  });

  it('brings an older version up through its steps', () => {
    // A made-up version 0 that named the grouping `group`: the step renames it.
    const v0 = { ...v1, version: 0, report: { type: 'summary-table', group: 'tutor-group' } };
    const upgrades = {
      0: (old: Record<string, unknown>) => {
        const report = old.report as { group: string };
        return {
          ...old,
          version: 1,
          report: { type: 'summary-table', primary: { by: report.group }, secondary: null },
        };
      },
    };
    expect(readStoredDefinition(v0, upgrades)).toEqual(v1);
    // Without the step it cannot be read.
    expect(readStoredDefinition(v0)).toBeNull();
  });

  it('answers null for what it cannot read', () => {
    for (const stored of [
      null,
      'text',
      [],
      { version: 99 },
      { ...v1, version: 2 },
      { ...v1, extra: true },
      { ...v1, report: { type: 'pie' } },
    ]) {
      expect(readStoredDefinition(stored)).toBeNull();
    }
    expect(storedReportTypeLabel(null)).toBe('Cannot be read');
  });
});

describe('expiryFrom', () => {
  it('counts months from the day, clamped to the month’s end, and never for never', () => {
    const at = new Date('2026-08-31T10:00:00Z');
    expect(expiryFrom('1-month', at)).toEqual(new Date('2026-09-30T10:00:00Z'));
    expect(expiryFrom('6-months', at)).toEqual(new Date('2027-02-28T10:00:00Z'));
    expect(expiryFrom('1-year', new Date('2028-02-29T10:00:00Z'))).toEqual(new Date('2029-02-28T10:00:00Z'));
    expect(expiryFrom('never', at)).toBeNull();
  });
});

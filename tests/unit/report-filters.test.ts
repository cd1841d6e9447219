/**
 * The pure parts of the Custom report's later filters and groupings: the
 * definition's new members (absent in stored definitions, refused when
 * hostile), the whole-word pattern, the academic years as runs of days from
 * the calendar's rule, the new groups' words and order, and the filters in
 * the words of a downloaded file.
 */
import { describe, expect, it } from 'vitest';
import type { CalendarYear } from '@/lib/calendar/rule';
import { academicYearSpans } from '@/lib/reports/academic-year-spans';
import { reportDefinition, type ReportDefinition } from '@/lib/reports/definition';
import { filterLines } from '@/lib/reports/describe';
import type { CountRow } from '@/lib/reports/incident-query';
import { buildSummaryTable } from '@/lib/reports/summary-table';

const ID = '0b5e7a5e-8a5c-4d5e-9a1b-2c3d4e5f6a7b';
const STORED = {
  version: 1,
  subject: 'incidents',
  filters: {
    dates: { kind: 'any' },
    categories: { match: 'any', ids: [ID] },
    status: 'any',
    recordedBy: { mode: 'only', ids: [] },
  },
  report: { type: 'summary-table', primary: { by: 'category' }, secondary: null },
};
const withFilters = (filters: Record<string, unknown>) => ({ ...STORED, filters: { ...STORED.filters, ...filters } });
const messages = (input: unknown) => {
  const r = reportDefinition.safeParse(input);
  return r.success ? [] : [...new Set(r.error.issues.map((i) => i.message))];
};

describe('the definition', () => {
  it('reads a definition stored before these filters as it was, adding nothing', () => {
    expect(reportDefinition.parse(STORED)).toEqual(STORED);
  });

  it('takes the new filters and groupings', () => {
    const def = withFilters({
      categories: { match: 'all', ids: [ID] },
      recordedBy: { mode: 'exclude', ids: [ID] },
      words: { match: 'exclude', list: ['Zoë', "O'Brien", 'name-calling', ' ninety9 '] },
      assignedTo: { ids: [ID], unassigned: true },
      agencies: { ids: [ID] },
      includeLinked: false,
    });
    expect(reportDefinition.parse(def).filters.words?.list).toEqual(['Zoë', "O'Brien", 'name-calling', 'ninety9']);
    for (const by of ['assigned-to', 'agency', 'hour', 'academic-year', 'pupil', 'sen-status', 'looked-after']) {
      expect(messages({ ...STORED, report: { ...STORED.report, primary: { by } } })).toEqual([]);
    }
  });

  it('refuses hostile words and lists with a message', () => {
    const words = (list: string[]) => messages(withFilters({ words: { match: 'any', list } }));
    const single = 'Enter single words: letters and digits, no spaces or symbols.';
    for (const w of ['%', '_', "'", 'a b', "x' OR '1'='1", '\\d+', '.*']) expect(words([w])).toEqual([single]);
    expect(words(['x'.repeat(51)])).toEqual(['Enter words of at most 50 characters.']);
    expect(words(Array.from({ length: 1000 }, (_, i) => `w${i}`))).toEqual(['Enter at most 20 words.']);
    expect(messages(withFilters({ agencies: { ids: ['police'] } }))).toEqual(['Choose from the list.']);
    expect(messages(withFilters({ assignedTo: { ids: [], unassigned: 'yes' } })).length).toBe(1);
    expect(messages(withFilters({ includeLinked: 'no' })).length).toBe(1);
    expect(messages(withFilters({ categories: { match: 'some', ids: [] } })).length).toBe(1);
  });
});

describe('academic years as runs of days', () => {
  const own: CalendarYear = {
    id: 'y1',
    name: '2025-26 (ours)',
    startsOn: '2025-09-03',
    endsOn: '2026-07-22',
    terms: [],
    closures: [],
  };
  const spans = academicYearSpans([own], 2024, 2026);
  const yearOf = (day: string) => spans.find((s) => s.from <= day && day <= s.to)?.name ?? null;

  it('places each day as the calendar’s rule does', () => {
    expect(yearOf('2024-09-01')).toBe('2024/25');
    expect(yearOf('2025-08-31')).toBe('2024/25');
    // Before the school's own year starts, the England default.
    expect(yearOf('2025-09-02')).toBe('2025/26');
    expect(yearOf('2025-09-03')).toBe('2025-26 (ours)');
    // The summer after the school's year still belongs to it.
    expect(yearOf('2026-08-31')).toBe('2025-26 (ours)');
    expect(yearOf('2026-09-01')).toBe('2026/27');
    expect(yearOf('2027-08-31')).toBe('2026/27');
    expect(yearOf('2027-09-01')).toBeNull();
  });

  it('leaves no day uncovered or covered twice, and keys sort the years in order', () => {
    for (let i = 1; i < spans.length; i++) {
      const next = new Date(`${spans[i - 1]!.to}T00:00:00Z`);
      next.setUTCDate(next.getUTCDate() + 1);
      expect(spans[i]!.from).toBe(next.toISOString().slice(0, 10));
    }
    const keys = [...new Set(spans.map((s) => s.key))];
    expect(keys).toEqual([...keys].sort());
  });
});

const row = (pk: string | null, count: number, label: string | null = null): CountRow => ({
  primaryKey: pk,
  primaryLabel: label,
  secondaryKey: null,
  secondaryLabel: null,
  primaryTotal: false,
  secondaryTotal: true,
  count,
});
const total = (count: number): CountRow => ({ ...row(null, count), primaryTotal: true });

describe('the new groups as a table', () => {
  const labels = (by: Parameters<typeof buildSummaryTable>[1], counts: CountRow[]) =>
    buildSummaryTable([...counts, total(9)], by, null, []).rows.map((r) => r.label);

  it('words each group and orders it as a person expects', () => {
    expect(labels('hour', [row('14', 1), row('09', 1)])).toEqual(['09:00–09:59', '14:00–14:59']);
    expect(labels('sen-status', [row('E', 1), row(null, 1), row('N', 1), row('K', 1)])).toEqual([
      'No special educational needs',
      'SEN support',
      'Education, health and care plan',
      'SEN status not recorded',
    ]);
    expect(labels('looked-after', [row('no', 1), row('yes', 1)])).toEqual(['Looked after', 'Not looked after']);
    expect(labels('assigned-to', [row(null, 1), row(ID, 1, 'Ben Price')])).toEqual(['Ben Price', 'Unassigned']);
    expect(labels('academic-year', [row('2025-09-01', 1, '2025/26'), row('2024-09-01', 1, '2024/25')])).toEqual([
      '2024/25',
      '2025/26',
    ]);
  });

  it('words pupils in the runner’s style, and hides them when no style is given', () => {
    const names = JSON.stringify(['Łukasz', 'Żółć', 'Luke', 'Zolc']);
    const shown = buildSummaryTable([row(ID, 1, names), total(1)], 'pupil', null, [], {
      pupil: (n) => n.legalForename,
    });
    expect(shown.rows[0]?.label).toBe('Łukasz');
    expect(labels('pupil', [row(ID, 1, names)])).toEqual(['L*** Z***']);
  });
});

describe('the filters in words', () => {
  it('names each chosen filter; another school’s agency is mentioned, never named', () => {
    const definition = reportDefinition.parse(
      withFilters({
        categories: { match: 'all', ids: [ID, '1b5e7a5e-8a5c-4d5e-9a1b-2c3d4e5f6a7b'] },
        recordedBy: { mode: 'exclude', ids: [ID] },
        words: { match: 'all', list: ['pushed', 'again'] },
        assignedTo: { ids: [ID], unassigned: true },
        agencies: { ids: [ID, '2b5e7a5e-8a5c-4d5e-9a1b-2c3d4e5f6a7b'] },
        includeLinked: false,
      }),
    ) as ReportDefinition;
    const lines = filterLines({
      definition,
      days: { from: null, to: null },
      table: { primary: { by: 'category', label: 'Category' }, secondary: null },
      categoryNames: new Map([[ID, 'Behaviour']]),
      staffNames: new Map([[ID, 'David Okafor']]),
      agencyNames: new Map([[ID, 'Police']]),
    });
    expect(lines).toEqual([
      ['Dates', 'Any date'],
      ['Categories', 'All of: Behaviour, one category you cannot see'],
      ['Status', 'Active or closed'],
      ['Recorded by', 'Anyone but David Okafor'],
      ['Containing words', 'All of: pushed, again'],
      ['Assigned to', 'David Okafor, No one'],
      ['Agencies', 'Police, one agency you cannot see'],
      ['Linked pupils', 'Each incident once, for the pupil it was recorded about'],
      ['Grouped by', 'Category'],
    ]);
  });
});

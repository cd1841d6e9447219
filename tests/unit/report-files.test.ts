/**
 * The pure parts of a report's downloads: the one spreadsheet guard (a text
 * a spreadsheet would run as a formula becomes text), the sheet name Excel
 * accepts, the PDF password's rule, and the filters in words — where a
 * category the runner cannot see is mentioned, never named.
 */
import { describe, expect, it } from 'vitest';
import { spreadsheetText } from '@/lib/files/spreadsheet-cell';
import { filterLines, reportTitle } from '@/lib/reports/describe';
import { pdfPassword } from '@/lib/reports/pdf-password';
import type { ReportDefinition } from '@/lib/reports/definition';

describe('spreadsheetText', () => {
  it('prefixes what a spreadsheet would read as a formula, and nothing else', () => {
    for (const v of ['=1+2', '+44 7700', '-3', '@SUM(A1)', '\t=1', '\r=1']) expect(spreadsheetText(v)).toBe(`'${v}`);
    for (const v of ['Behaviour', '7Ż', 'Ó’Súilleabháin', '', ' =1', '1=1']) expect(spreadsheetText(v)).toBe(v);
  });
});

describe('pdfPassword', () => {
  const message = (v: string) => pdfPassword.safeParse(v).error?.issues[0]?.message;
  it('takes none, or one line of at least 10 characters not starting with a dash', () => {
    expect(pdfPassword.safeParse('').success).toBe(true);
    expect(pdfPassword.safeParse('Żółć governors').success).toBe(true);
    expect(message('short')).toBe('Use at least 10 characters, or leave it empty for no password.');
    expect(message('two\nlines here')).toBe('Use a password on one line.');
    expect(message('--decrypt me now')).toBe('Start the password with a letter, a number or a symbol other than -.');
    expect(message('x'.repeat(129))).toBe('Use at most 128 characters.');
  });
});

describe('filterLines', () => {
  const definition: ReportDefinition = {
    version: 1,
    subject: 'incidents',
    filters: {
      dates: { kind: 'quick', range: 'this-term' },
      categories: { match: 'any', ids: ['c1', 'hidden'] },
      status: 'closed',
      recordedBy: { mode: 'only', ids: ['u1'] },
    },
    report: { type: 'summary-table', primary: { by: 'tutor-group' }, secondary: { by: 'month' } },
  };
  const table = { primary: { label: 'Tutor group' }, secondary: { label: 'Month and year' } } as const;

  it('says what was counted in words, naming only the categories the runner may see', () => {
    expect(reportTitle(table as never)).toBe('Incidents by tutor group and month and year');
    expect(
      filterLines({
        definition,
        days: { from: '2026-04-13', to: '2026-07-22' },
        table: table as never,
        categoryNames: new Map([['c1', 'Behaviour']]),
        staffNames: new Map([['u1', 'Łukasz Żółć']]),
      }),
    ).toEqual([
      ['Dates', 'This term: from 13 Apr 2026 to 22 Jul 2026'],
      ['Categories', 'Behaviour, one category you cannot see'],
      ['Status', 'Closed'],
      ['Recorded by', 'Łukasz Żółć'],
      ['Grouped by', 'Tutor group, then month and year'],
    ]);
  });
});

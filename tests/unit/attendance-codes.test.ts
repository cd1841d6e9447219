import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ATTENDANCE_CODES,
  LEGACY_ATTENDANCE_CODES,
  LEGACY_CODES_BEFORE,
  attendanceCategory,
  attendanceCodesValidOn,
  countsAsAttending,
  countsAsPossibleSession,
  lookupAttendanceCode,
  type AttendanceCategory,
} from '@/lib/attendance';

// The format file lives beside the project (../shared); the table there is the authority.
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const specPath = path.resolve(projectRoot, '../shared/mis-format.md');

function readSpec(): string {
  if (!existsSync(specPath)) throw new Error(`This test checks the codes against ${specPath}, which is missing`);
  return readFileSync(specPath, 'utf8');
}

const COUNTS_AS: Record<string, AttendanceCategory> = {
  attending: 'present',
  'attending (approved activity)': 'approved_activity',
  'authorised absence': 'authorised',
  'unauthorised absence': 'unauthorised',
  'not a possible session': 'not_counted',
};

/** The code table of the attendance.csv section: code → category. */
function specCodeTable(): Map<string, AttendanceCategory> {
  const section = readSpec().split('## attendance.csv')[1]?.split('\n## ')[0] ?? '';
  const table = new Map<string, AttendanceCategory>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    // | meaning | codes | counts as |  →  ['', meaning, codes, countsAs, '']
    if (cells.length !== 5 || !cells[2]?.includes('`')) continue;
    const category = COUNTS_AS[cells[3] ?? ''];
    if (!category) throw new Error(`Unrecognised "counts as" in the format file: ${cells[3]}`);
    const codes = [...(cells[2] ?? '').matchAll(/`([^`]+)`(?:\s*[–-]\s*`([^`]+)`)?/g)];
    for (const [, first, last] of codes) {
      if (!first) continue;
      if (last) {
        // A range such as `Y1`–`Y7`.
        const prefix = first.replace(/\d+$/, '');
        for (let n = Number(first.slice(prefix.length)); n <= Number(last.slice(prefix.length)); n++) {
          table.set(`${prefix}${n}`, category);
        }
      } else {
        table.set(first, category);
      }
    }
  }
  return table;
}

describe('attendance codes', () => {
  const spec = specCodeTable();

  it('reads the full table from the format file', () => {
    expect(spec.size).toBe(34);
    expect(spec.get('Y4')).toBe('not_counted');
    expect(spec.get('\\')).toBe('present');
  });

  it('maps every code in the format file to its category, on any date', () => {
    for (const [code, category] of spec) {
      expect(attendanceCategory(code, '2025-03-10'), code).toBe(category);
      expect(attendanceCategory(code, '2023-03-10'), code).toBe(category);
    }
  });

  it('knows no current code the format file does not list', () => {
    expect(ATTENDANCE_CODES.map((c) => c.code).sort()).toEqual([...spec.keys()].sort());
  });

  it('reads the legacy codes with their meaning of the time, only before 19 August 2024', () => {
    const legacyParagraph = readSpec().split('Marks dated before 19 August 2024')[1]?.split('\n\n')[0] ?? '';
    const mentioned = [...legacyParagraph.matchAll(/`([A-Z])`/g)].map((m) => m[1]);
    expect(LEGACY_ATTENDANCE_CODES.map((c) => c.code).sort()).toEqual([...new Set(mentioned)].sort());
    expect(LEGACY_CODES_BEFORE).toBe('2024-08-19');

    const before = '2024-08-18';
    expect(attendanceCategory('H', before)).toBe('authorised');
    expect(attendanceCategory('F', before)).toBe('authorised');
    expect(attendanceCategory('J', before)).toBe('approved_activity');
    expect(attendanceCategory('Y', before)).toBe('not_counted');
    expect(attendanceCategory('H', '2019-01-07')).toBe('authorised');

    for (const code of ['H', 'F', 'J', 'Y']) {
      expect(attendanceCategory(code, '2024-08-19'), code).toBeNull();
      expect(attendanceCategory(code, '2025-01-06'), code).toBeNull();
    }
  });

  it('returns null for unknown codes', () => {
    for (const code of ['', 'A', 'Q9', 'Y8', 'Y0', 'C3', '//', '?', 'present']) {
      expect(lookupAttendanceCode(code, '2025-01-06'), code).toBeNull();
      expect(attendanceCategory(code, '2023-01-06'), code).toBeNull();
    }
  });

  it('forgives spaces and lower case around a code', () => {
    expect(attendanceCategory(' i ', '2025-01-06')).toBe('authorised');
    expect(attendanceCategory('y4', '2025-01-06')).toBe('not_counted');
    expect(attendanceCategory('h', '2024-01-08')).toBe('authorised');
  });

  it('lists the codes valid on a date', () => {
    const after = attendanceCodesValidOn('2024-09-02').map((c) => c.code);
    const before = attendanceCodesValidOn('2024-07-01').map((c) => c.code);
    expect(after).not.toContain('H');
    expect(before).toEqual(expect.arrayContaining(['H', 'F', 'J', 'Y', '/', 'Y4']));
    expect(before.length - after.length).toBe(4);
  });

  it('counts attending and possible sessions as the format says', () => {
    expect(countsAsAttending('present')).toBe(true);
    expect(countsAsAttending('approved_activity')).toBe(true);
    expect(countsAsAttending('authorised')).toBe(false);
    expect(countsAsAttending('unauthorised')).toBe(false);
    expect(countsAsPossibleSession('not_counted')).toBe(false);
    expect(countsAsPossibleSession('unauthorised')).toBe(true);
    expect(countsAsPossibleSession('present')).toBe(true);
  });
});

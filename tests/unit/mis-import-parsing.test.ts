/** The importer's pure pieces: CSV reading with physical lines, field rules, headers, digests, zip refusal, deliveries. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readCsv, type CsvItem } from '@/lib/mis/import/csv';
import * as f from '@/lib/mis/import/fields';
import { headerProblem } from '@/lib/mis/import/files';
import { MarksDigest, rowHash } from '@/lib/mis/import/hash';
import { newestDeliveredBundle } from '@/lib/mis/import/deliveries';
import { unzipBundle } from '@/lib/mis/import/zip';
import { createLocalBlobStore } from '@/lib/storage';
import { zipOf } from '../support/bundles';

async function read(chunks: string[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const item of readCsv(Readable.from(chunks.map((c) => Buffer.from(c, 'utf8'))))) out.push(simplify(item));
  return out;
}

function simplify(item: CsvItem): unknown {
  switch (item.kind) {
    case 'header':
      return ['header', item.header.line, item.header.columns];
    case 'record':
      return ['record', item.record.line, item.record.get('a'), item.record.get('b')];
    case 'field-count':
      return ['field-count', item.line, item.found];
    case 'syntax':
      return ['syntax', item.issue.line];
  }
}

describe('readCsv', () => {
  it('reads a BOM, CRLF, names trimmed and lower-cased, quoted commas, quotes and line breaks, blank lines skipped', async () => {
    expect(await read(['\uFEFF A ,B\r\n1,"x, ""y"""\r\n\r\n2,"line one\r\nline two"\r\n3,z\r\n'])).toEqual([
      ['header', 1, ['a', 'b']],
      ['record', 2, '1', 'x, "y"'],
      ['record', 4, '2', 'line one\nline two'],
      ['record', 6, '3', 'z'],
    ]);
  });

  it('keeps physical line numbers when CRLF is split across chunks and the file mixes line ends', async () => {
    expect(await read(['a,b\r', '\n1,"p\r', '\nq"\n2,r\r\n3,s'])).toEqual([
      ['header', 1, ['a', 'b']],
      ['record', 2, '1', 'p\nq'],
      ['record', 4, '2', 'r'],
      ['record', 5, '3', 's'],
    ]);
  });

  it('reports rows of the wrong length and unreadable rows, and carries on', async () => {
    expect(await read(['a,b\n1\n2,x"y\n3,ok\n4,5,6\n'])).toEqual([
      ['header', 1, ['a', 'b']],
      ['field-count', 2, 1],
      ['syntax', 3],
      ['record', 4, '3', 'ok'],
      ['field-count', 5, 3],
    ]);
  });
});

describe('field rules', () => {
  it('dates are real YYYY-MM-DD days', () => {
    expect(f.isIsoDate('2024-02-29')).toBe(true);
    expect(f.isIsoDate('2023-02-29')).toBe(false);
    expect(f.isIsoDate('2024-13-01')).toBe(false);
    expect(f.isIsoDate('14/03/2013')).toBe(false);
    expect(['2000-02-29', '1900-01-01', '2200-12-31'].map(f.isIsoDate)).toEqual([true, true, true]);
    expect(['1900-02-29', '2024-04-31', '2024-00-10', '2024-01-00', '1899-12-31', '2201-01-01'].some(f.isIsoDate)).toBe(
      false,
    );
    expect(
      [' 2024-01-01', '2024-01-01\n', '2024-1-01', '2024/01/01', '２０２４-01-01', '2024-0a-01', '+024-01-01'].some(
        f.isIsoDate,
      ),
    ).toBe(false);
    expect(f.requiredDate('')).toEqual({ ok: false, reason: 'a date is required' });
    expect(f.optionalDate(' ')).toEqual({ ok: true, value: null });
  });

  it('flags are Y or N, blank N', () => {
    expect([f.flag('Y'), f.flag('n'), f.flag('')].map((r) => r.ok && r.value)).toEqual([true, false, false]);
    expect(f.flag('Yes')).toEqual({ ok: false, reason: '"Yes" is not a flag: write Y or N (blank means N)' });
  });

  it('SEN codes, contracts, priorities and sessions', () => {
    expect(f.senStatus('k')).toEqual({ ok: true, value: 'K' });
    expect(f.senStatus('S').ok).toBe(false);
    expect(f.contract('Full-Time')).toEqual({ ok: true, value: 'full-time' });
    expect(f.contract('casual').ok).toBe(false);
    expect(f.priority('2')).toEqual({ ok: true, value: 2 });
    expect(f.priority('0').ok).toBe(false);
    expect(f.priority('first').ok).toBe(false);
    expect(f.session('pm')).toEqual({ ok: true, value: 'PM' });
    expect(f.session('XM').ok).toBe(false);
    expect(f.list(' Asthma; ;Eczema ')).toEqual(['Asthma', 'Eczema']);
  });
});

describe('headers', () => {
  it('names the missing required columns and refuses duplicates', () => {
    expect(
      headerProblem('students', ['mis_id', 'legal_forename', 'legal_surname', 'date_of_birth', 'start_date', 'extra']),
    ).toBeNull();
    expect(headerProblem('students', ['mis_id', 'legal_forename'])).toBe(
      'students.csv has no "legal_surname", "date_of_birth", "start_date" columns (required). Nothing was imported.',
    );
    expect(headerProblem('attendance', ['student_mis_id', 'date', 'session', 'code', 'date'])).toContain(
      'appears more than once',
    );
  });
});

describe('fingerprints', () => {
  it('a pupil’s marks digest does not depend on order, and changes with any mark', () => {
    const a = new MarksDigest();
    const b = new MarksDigest();
    const c = new MarksDigest();
    const marks: [string, string, string][] = [
      ['2025-11-03', 'AM', '/'],
      ['2025-11-03', 'PM', '\\'],
      ['2025-11-04', 'AM', 'N'],
    ];
    marks.forEach((m) => a.add(...m));
    [...marks].reverse().forEach((m) => b.add(...m));
    marks.forEach((m, i) => c.add(m[0], m[1], i === 2 ? 'I' : m[2]));
    expect(a.toString()).toBe(b.toString());
    expect(a.toString()).not.toBe(c.toString());
    // Stored by earlier imports: the same marks must keep the same digest, or a re-import would rewrite them all.
    expect(a.toString()).toBe('3.7h2yub.h9x1qm.1kvurmd');
    expect(rowHash(['a', null])).not.toBe(rowHash([null, 'a']));
  });
});

describe('zip bundles', () => {
  const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'haven-unzip-'));

  it('unpacks the four files, in one folder, under their canonical names', async () => {
    const d = dir();
    await unzipBundle(
      [
        zipOf({
          'Export/Students.CSV': 'mis_id\n',
          'Export/attendance.csv': 'x\n',
          '__MACOSX/Export/._students.csv': 'junk',
        }),
      ],
      d,
    );
    expect(fs.readdirSync(d).sort()).toEqual(['attendance.csv', 'students.csv']);
  });

  it.each([
    ['../students.csv', 'points outside'],
    ['a/../../students.csv', 'points outside'],
    ['C:/students.csv', 'points outside'],
    ['notes.txt', 'holds only students.csv'],
  ])('refuses %s', async (name, reason) => {
    await expect(unzipBundle([zipOf({ [name]: 'x' })], dir())).rejects.toThrow(reason);
  });

  it('refuses more than the cap once unpacked, counting bytes as they come out', async () => {
    await expect(unzipBundle([zipOf({ 'students.csv': 'a'.repeat(50_000) })], dir(), 10_000)).rejects.toThrow(
      /larger than/,
    );
  });
});

describe('deliveries', () => {
  it('takes the newest folder once it has settled', async () => {
    const store = createLocalBlobStore(fs.mkdtempSync(path.join(os.tmpdir(), 'haven-deliveries-')));
    await store.put('imports/s/2025-11-19/students.csv', new Uint8Array([1]));
    await new Promise((r) => setTimeout(r, 20));
    await store.put('imports/s/2025-11-20/students.csv', new Uint8Array([1]));
    await store.put('imports/s/loose.csv', new Uint8Array([1]));
    const now = new Date();
    expect(await newestDeliveredBundle(store, 's', now)).toBeNull();
    expect(await newestDeliveredBundle(store, 's', new Date(now.getTime() + 61_000))).toBe('imports/s/2025-11-20');
    expect(await newestDeliveredBundle(store, 'other', new Date(now.getTime() + 61_000))).toBeNull();
  });
});

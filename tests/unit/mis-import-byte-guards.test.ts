/**
 * The byte-level guards before the CSV parser (lib/mis/import/byte-guards.ts):
 * strict UTF-8 however the chunks fall, and fields and records cut to a
 * bounded size with the CSV's structure and the lines of later records kept.
 */
import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { FieldBounds, firstInvalidUtf8, InvalidUtf8Error, strictUtf8 } from '@/lib/mis/import/byte-guards';
import { readCsv, type CsvItem } from '@/lib/mis/import/csv';

/** Feeds `bytes` through `t` in chunks of `size` and returns what came out, or the error. */
async function through(t: NodeJS.ReadWriteStream, bytes: Uint8Array, size: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(Buffer.from(bytes.subarray(i, i + size)));
  const out: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    Readable.from(chunks)
      .pipe(t)
      .on('data', (c: Buffer) => out.push(c))
      .on('end', resolve)
      .on('error', reject);
  });
  return Buffer.concat(out);
}

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('strictUtf8', () => {
  const text = utf8('\uFEFFmis_id,legal_forename\nS1,Zoë\nS2,Łukasz 🙂 Ó\u2019Súilleabháin\n');

  it('passes UTF-8 (with a byte-order mark) through unchanged, whichever byte the chunks split at', async () => {
    for (const size of [1, 2, 3, 5, 7, 64])
      expect((await through(strictUtf8(), text, size)).equals(Buffer.from(text))).toBe(true);
  });

  it.each([
    ['Latin-1 é', Buffer.concat([Buffer.from('mis_id\nS1,Zo'), Buffer.from([0xe9]), Buffer.from('\n')]), 12, 0xe9],
    ['an overlong slash', Buffer.concat([Buffer.from('ab'), Buffer.from([0xc0, 0xaf])]), 2, 0xc0],
    ['a surrogate', Buffer.concat([Buffer.from('a'), Buffer.from([0xed, 0xa0, 0x80])]), 1, 0xed],
    ['past U+10FFFF', Buffer.concat([Buffer.from('a'), Buffer.from([0xf4, 0x90, 0x80, 0x80])]), 1, 0xf4],
    [
      'a character cut off at the end of the file',
      Buffer.concat([Buffer.from('abc'), Buffer.from([0xe2, 0x82])]),
      3,
      0xe2,
    ],
    ['UTF-16', Buffer.from('\uFEFFmis_id\n', 'utf16le'), 0, 0xff],
  ])('refuses %s at its first byte, whichever byte the chunks split at', async (_what, bytes, offset, byte) => {
    for (const size of [1, 2, 3, 4, 1000]) {
      const e = await through(strictUtf8(), bytes, size).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(InvalidUtf8Error);
      expect(e).toMatchObject({ offset, byte });
    }
  });

  it('finds the first ill-formed sequence', () => {
    expect(firstInvalidUtf8(utf8('Zoë 🙂'))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0x41, 0xe2, 0x28, 0xa1]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0x41, 0x80]))).toBe(1);
  });
});

async function items(bytes: Uint8Array, size = 1000): Promise<CsvItem[]> {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(Buffer.from(bytes.subarray(i, i + size)));
  const out: CsvItem[] = [];
  for await (const item of readCsv(Readable.from(chunks))) out.push(item);
  return out;
}

describe('FieldBounds', () => {
  it('passes an ordinary file through unchanged', async () => {
    const text = utf8('a,b,c\n1,"x, ""quoted""\nacross lines",3\n4,5,6\n');
    for (const size of [1, 3, 100])
      expect((await through(new FieldBounds(64, 8), text, size)).equals(Buffer.from(text))).toBe(true);
  });

  it('cuts a field past the limit to its end, keeping the quotes, the character and the other fields', async () => {
    const text = utf8(`a,b,c\n1,"${'ë'.repeat(40)}, and ""more""",3\n4,${'z'.repeat(40)},6\n`);
    for (const size of [1, 2, 5, 1000]) {
      const out = (await through(new FieldBounds(16, 8), text, size)).toString('utf8');
      const rows = parse(out) as string[][];
      expect(rows).toEqual([
        ['a', 'b', 'c'],
        ['1', 'ë'.repeat(8), '3'], // 16 bytes of two-byte characters; the rest dropped, the quote closed
        ['4', 'z'.repeat(16), '6'],
      ]);
    }
  });

  it('drops the fields of a record past the limit, so the row has the wrong number of fields', async () => {
    const out = (await through(new FieldBounds(100, 4), utf8(`a,b,c\n${'x,'.repeat(1000)}x\n1,2,3\n`), 7)).toString(
      'utf8',
    );
    expect(out).toBe('a,b,c\nx,x,x,x\n1,2,3\n');
  });

  it('keeps the lines of later records when line breaks inside a cut field are dropped', async () => {
    const long = `"${'line\n'.repeat(20_000)}"`; // 100 KB over 20,000 lines
    const csv = utf8(`mis_id,notes,x\nS1,${long},1\nS2,short,2\nS3,"two\nlines",3\n`);
    for (const size of [1000, 65_536]) {
      const records = (await items(csv, size)).filter((i) => i.kind === 'record');
      expect(
        records.map((r) =>
          r.kind === 'record' ? [r.record.line, r.record.get('mis_id'), r.record.get('notes').length] : null,
        ),
      ).toEqual([
        [2, 'S1', expect.any(Number)],
        [20_003, 'S2', 5],
        [20_004, 'S3', 9],
      ]);
      const cut = records[0]!.kind === 'record' ? records[0]!.record.get('notes') : '';
      expect(cut.length).toBeGreaterThan(16 * 1024 - 10);
      expect(cut.length).toBeLessThanOrEqual(16 * 1024);
    }
  });

  it('holds memory to the cut: a 64 MB value is read as 16 KB', async () => {
    const csv = Buffer.concat([
      Buffer.from('mis_id,notes\nS1,'),
      Buffer.alloc(64 * 1024 * 1024, 0x61),
      Buffer.from('\nS2,b\n'),
    ]);
    const records = (await items(csv, 256 * 1024)).filter(
      (i): i is Extract<CsvItem, { kind: 'record' }> => i.kind === 'record',
    );
    expect(records.map((r) => [r.record.line, r.record.get('notes').length])).toEqual([
      [2, 16 * 1024],
      [3, 1],
    ]);
  });
});

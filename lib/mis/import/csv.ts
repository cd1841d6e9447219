/**
 * Reading one extract file as ../shared/mis-format.md defines it: RFC 4180
 * CSV, UTF-8 with or without a byte-order mark, LF or CRLF line ends, quoted
 * fields that may hold commas, quotes and line breaks. Streamed (csv-parse), so
 * a file of a million marks never sits in memory.
 *
 * Every record carries the physical line it starts on, which is what an
 * administrator looks for in their editor. csv-parse counts a CRLF inside a
 * quoted field as two lines and fixes the record delimiter from the first line
 * it sees, so line ends are normalised to LF before parsing (a CRLF inside a
 * quoted address becomes LF, which changes nothing a person reads); the start
 * line is then the line csv-parse ends the record on, less the line breaks
 * inside its fields.
 *
 * Before the parser, in the same read: the bytes must be UTF-8 (the read
 * fails with InvalidUtf8Error otherwise) and over-long fields are cut
 * (./byte-guards.ts), so no value or record can take more than a bounded
 * amount of memory.
 */
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { Parser, type CsvError } from 'csv-parse';
import { FieldBounds, strictUtf8 } from './byte-guards';

const CR = 0x0d;
const LF = 0x0a;

/** CRLF and lone CR → LF, across chunk boundaries. */
export function normaliseLineEnds(): Transform {
  let pendingCr = false;
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      if (!pendingCr && buf.indexOf(CR) < 0) {
        done(null, buf);
        return;
      }
      const out = Buffer.allocUnsafe(buf.length + 1);
      let n = 0;
      let i = 0;
      if (pendingCr) {
        out[n++] = LF;
        if (buf[0] === LF) i = 1;
        pendingCr = false;
      }
      for (; i < buf.length; i++) {
        const b = buf[i]!;
        if (b !== CR) {
          out[n++] = b;
          continue;
        }
        if (i === buf.length - 1) {
          pendingCr = true; // the LF may start the next chunk
        } else {
          out[n++] = LF;
          if (buf[i + 1] === LF) i++;
        }
      }
      done(null, out.subarray(0, n));
    },
    flush(done: TransformCallback) {
      done(null, pendingCr ? Buffer.from([LF]) : undefined);
    },
  });
}

/** A data record: its fields by lower-cased header name, and where it starts. */
export interface CsvRecord {
  line: number;
  /** Fields by normalised column name; every header column is present (blank = ''). A method: call it on the record. */
  get(column: string): string;
}

/** A record csv-parse could not read (a stray quote, an unclosed quote). */
export interface CsvSyntaxIssue {
  line: number;
  reason: string;
}

export interface CsvHeader {
  /** Normalised names (trimmed, lower case), in file order. */
  columns: string[];
  line: number;
}

export type CsvItem =
  | { kind: 'header'; header: CsvHeader }
  | { kind: 'record'; record: CsvRecord }
  | { kind: 'field-count'; line: number; found: number; expected: number }
  | { kind: 'syntax'; issue: CsvSyntaxIssue };

const newlines = (s: string): number => {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
};

export const normaliseColumnName = (name: string): string => name.trim().toLowerCase();

function describeSyntax(e: CsvError): string {
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed (a " is missing), so the rest of the file could not be read';
    case 'INVALID_OPENING_QUOTE':
      return 'a " appears inside a field that does not start with one; quote the whole field and double the inner quotes ("")';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'text follows a closing quote; quote the whole field and double the inner quotes ("")';
    default:
      return 'this line is not valid CSV';
  }
}

/** A record as csv-parse ended it: its fields, and the line count it had reached (its `info.lines`). */
interface Parsed {
  fields: string[];
  lines: number;
}

/**
 * csv-parse's stream, each record tagged with the parser's line count at the
 * moment it is emitted: the same number the `info` option reports, without
 * the two objects of a dozen fields that option builds for every record (for
 * a year of marks that was half a gigabyte of garbage per read of the file).
 */
class LineTaggingParser extends Parser {
  override push(chunk: unknown, encoding?: BufferEncoding): boolean {
    return super.push(
      chunk === null ? null : ({ fields: chunk as string[], lines: this.info.lines } satisfies Parsed),
      encoding,
    );
  }
}

/** Records as csv-parse emits them, in batches: one await per batch rather than per record. */
async function* parsedBatches(parser: Readable): AsyncGenerator<Parsed[]> {
  let ended = false;
  let failed: Error | null = null;
  parser.on('end', () => (ended = true));
  parser.on('error', (e: Error) => (failed = e));
  for (;;) {
    if (failed) throw failed;
    const batch: Parsed[] = [];
    let item: Parsed | null;
    while (batch.length < 2_000 && (item = parser.read() as Parsed | null) !== null) batch.push(item);
    if (batch.length > 0) {
      yield batch;
      continue;
    }
    if (ended || parser.readableEnded) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        parser.off('readable', done);
        parser.off('end', done);
        parser.off('error', done);
        resolve();
      };
      parser.on('readable', done);
      parser.on('end', done);
      parser.on('error', done);
    });
  }
}

/** A data record: one object, its fields read through the header's index. */
class Row implements CsvRecord {
  constructor(
    readonly line: number,
    private readonly fields: string[],
    private readonly index: Map<string, number>,
  ) {}

  get(column: string): string {
    return this.fields[this.index.get(column) ?? -1] ?? '';
  }
}

/**
 * Yields, in batches, the header, then every data record (blank lines
 * skipped), with rows of the wrong length and unreadable records reported in
 * order instead of stopping the file.
 */
export async function* readCsvBatches(input: Readable): AsyncGenerator<CsvItem[]> {
  const syntax: CsvSyntaxIssue[] = [];
  const parser = new LineTaggingParser({
    bom: true,
    record_delimiter: '\n',
    relax_column_count: true,
    skip_empty_lines: false,
    skip_records_with_error: true,
  });
  const bounds = new FieldBounds();
  parser.on('skip', (e: CsvError) => {
    const at = typeof e.lines === 'number' ? e.lines : 0;
    syntax.push({ line: at + bounds.linesDroppedBefore(at), reason: describeSyntax(e) });
  });
  const utf8 = strictUtf8();
  input.on('error', (e) => parser.destroy(e));
  utf8.on('error', (e) => parser.destroy(e));
  input.pipe(utf8).pipe(normaliseLineEnds()).pipe(bounds).pipe(parser);

  let header: { index: Map<string, number>; width: number } | null = null;
  try {
    for await (const batch of parsedBatches(parser)) {
      const out: CsvItem[] = [];
      for (const item of batch) {
        const fields = item.fields;
        let inner = 0;
        for (const f of fields) if (f.includes('\n')) inner += newlines(f);
        const counted = item.lines - inner;
        const line = counted + bounds.linesDroppedBefore(counted);
        // csv-parse reports a skipped record as it parses, ahead of the records buffered before it: keep file order.
        while (syntax.length > 0 && syntax[0]!.line < line) out.push({ kind: 'syntax', issue: syntax.shift()! });
        if (fields.length === 1 && fields[0]!.trim() === '') continue; // a blank line
        if (!header) {
          const columns = fields.map(normaliseColumnName);
          const index = new Map<string, number>();
          columns.forEach((c, i) => {
            if (c !== '' && !index.has(c)) index.set(c, i);
          });
          header = { index, width: fields.length };
          out.push({ kind: 'header', header: { columns, line } });
          continue;
        }
        if (fields.length !== header.width) {
          out.push({ kind: 'field-count', line, found: fields.length, expected: header.width });
          continue;
        }
        out.push({ kind: 'record', record: new Row(line, fields, header.index) });
      }
      if (out.length > 0) yield out;
    }
    while (syntax.length > 0) yield [{ kind: 'syntax', issue: syntax.shift()! }];
  } finally {
    input.destroy();
    parser.destroy();
  }
}

/** The same, one item at a time (for the small files). */
export async function* readCsv(input: Readable): AsyncGenerator<CsvItem> {
  for await (const batch of readCsvBatches(input)) yield* batch;
}

/**
 * Byte-level guards an extract file passes through on its way to the CSV
 * parser (./csv.ts), in the same read, so attendance.csv is not read an
 * extra time:
 *
 * - `strictUtf8`: the format is UTF-8. A file that is not (a Latin-1 or
 *   UTF-16 export) would otherwise be decoded with replacement characters
 *   and overwrite good names with "�", so the first invalid byte stops the
 *   read with its offset; the caller names the file and the line and refuses
 *   it whole.
 * - `FieldBounds`: csv-parse holds a whole field (and a whole record) in
 *   memory, so one 200 MB value, or a line of a hundred million commas,
 *   would take gigabytes. Past MAX_FIELD_BYTES a field's bytes are dropped
 *   up to its end, and past MAX_FIELDS a record's fields are. A cut value is
 *   still longer than any column's maximum (./limits.ts), so it is reported
 *   as too long and never stored. Line breaks inside what was dropped are
 *   counted, so the lines reported for later records stay the file's own.
 *
 * Pure module (Node streams only).
 */
import { isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';

/** Above every column's maximum in bytes (4,000 characters of at most 4 bytes each), so a cut never changes a verdict. */
export const MAX_FIELD_BYTES = 16 * 1024;
/** Columns read per record; an extract has about twenty. */
export const MAX_FIELDS = 256;

export class InvalidUtf8Error extends Error {
  constructor(
    /** Offset of the first byte of the bad sequence, from the start of the file. */
    readonly offset: number,
    readonly byte: number,
  ) {
    super(`invalid UTF-8 at byte ${offset}`);
    this.name = 'InvalidUtf8Error';
  }
}

/** Where the last complete UTF-8 sequence of `b` ends (a sequence cut by the chunk's end waits for the next chunk). */
function completeUpTo(b: Uint8Array): number {
  const n = b.length;
  for (let i = n - 1; i >= Math.max(0, n - 3); i--) {
    const c = b[i]!;
    if ((c & 0xc0) === 0x80) continue; // a continuation byte: look further back for its lead
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return n - i < need ? i : n;
  }
  return n;
}

/** Index of the first byte of the first ill-formed sequence (Unicode table 3-7), or -1. Only run once a chunk has failed. */
export function firstInvalidUtf8(b: Uint8Array): number {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    // Continuation bytes needed, and the range the first of them must fall in.
    let more: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) more = 1;
    else if (c === 0xe0)
      [more, lo] = [2, 0xa0]; // no overlong forms
    else if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) more = 2;
    else if (c === 0xed)
      [more, hi] = [2, 0x9f]; // no surrogates
    else if (c === 0xf0) [more, lo] = [3, 0x90];
    else if (c >= 0xf1 && c <= 0xf3) more = 3;
    else if (c === 0xf4)
      [more, hi] = [3, 0x8f]; // nothing past U+10FFFF
    else return i;
    if (i + more >= n) return i;
    const second = b[i + 1]!;
    if (second < lo || second > hi) return i;
    for (let k = 2; k <= more; k++) if ((b[i + k]! & 0xc0) !== 0x80) return i;
    i += more + 1;
  }
  return -1;
}

/** Passes the bytes through unchanged, or fails with InvalidUtf8Error at the first byte that is not UTF-8. */
export function strictUtf8(): Transform {
  let offset = 0; // of the first byte not yet passed on
  let held: Buffer | null = null; // a sequence cut by the previous chunk's end
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      const buf = held ? Buffer.concat([held, chunk]) : chunk;
      const cut = completeUpTo(buf);
      const body = buf.subarray(0, cut);
      if (!isUtf8(body)) {
        const at = Math.max(0, firstInvalidUtf8(body));
        done(new InvalidUtf8Error(offset + at, body[at]!));
        return;
      }
      held = cut < buf.length ? Buffer.from(buf.subarray(cut)) : null;
      offset += cut;
      done(null, body);
    },
    flush(done: TransformCallback) {
      done(held ? new InvalidUtf8Error(offset, held[0]!) : null);
    },
  });
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;

function countLf(b: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = b.indexOf(LF, from); i >= 0 && i < to; i = b.indexOf(LF, i + 1)) n++;
  return n;
}

/**
 * Bounds fields and records of CSV text whose line ends are LF (after
 * ./csv.ts normaliseLineEnds). Quotes are followed by parity, as RFC 4180's
 * doubled quotes keep it; a field cut inside its quotes is closed with a
 * quote so the parser sees the same structure.
 */
export class FieldBounds extends Transform {
  private inQuotes = false;
  /** Bytes of the current field so far, kept or not. */
  private fieldBytes = 0;
  /** Fields finished in the current record. */
  private fields = 0;
  private dropping: 'no' | 'field' | 'record' = 'no';
  /** Whether the kept part of the current field has an unclosed quote. */
  private keptQuoteOpen = false;
  /** The line (of what is passed on) the reader is on. */
  private line = 1;
  private droppedLines = 0;
  /** Line breaks dropped, by the line (of what is passed on) they were dropped from. */
  private readonly shifts: { line: number; lines: number }[] = [];
  private cursor = { index: 0, sum: 0 };

  constructor(
    private readonly maxFieldBytes = MAX_FIELD_BYTES,
    private readonly maxFields = MAX_FIELDS,
  ) {
    super();
  }

  /**
   * How many lines were dropped before line `line` of what was passed on:
   * add it to a line the parser counted to get the file's own line. Asked
   * with lines in increasing order (a walk, not a search).
   */
  linesDroppedBefore(line: number): number {
    let { index, sum } = this.cursor;
    if (index > 0 && this.shifts[index - 1]!.line >= line) [index, sum] = [0, 0];
    while (index < this.shifts.length && this.shifts[index]!.line < line) sum += this.shifts[index++]!.lines;
    this.cursor = { index, sum };
    return sum;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const parts: Uint8Array[] = [];
    let from = this.dropping === 'no' ? 0 : -1; // start of the bytes being kept, or -1 while dropping
    let changed = from < 0;
    const n = chunk.length;
    const stopKeeping = (at: number) => {
      if (from >= 0 && at > from) parts.push(chunk.subarray(from, at));
      from = -1;
      changed = true;
    };
    const resumeKeeping = (at: number) => {
      if (this.dropping === 'field' && this.keptQuoteOpen) parts.push(Buffer.from('"'));
      if (this.droppedLines > 0) this.shifts.push({ line: this.line, lines: this.droppedLines });
      this.droppedLines = 0;
      this.dropping = 'no';
      from = at;
    };
    /** Field content [start, end) holding `lfs` line breaks. */
    const content = (start: number, end: number, lfs: number) => {
      if (this.dropping !== 'no') {
        this.droppedLines += lfs;
        this.fieldBytes += end - start;
        return;
      }
      const room = this.maxFieldBytes - this.fieldBytes;
      this.fieldBytes += end - start;
      if (end - start <= room) {
        this.line += lfs;
        return;
      }
      let cut = start + room;
      while (cut < end && (chunk[cut]! & 0xc0) === 0x80) cut++; // finish the character
      const keptLfs = countLf(chunk, start, cut);
      this.line += keptLfs;
      this.droppedLines += lfs - keptLfs;
      stopKeeping(cut);
      this.dropping = 'field';
    };

    let i = 0;
    while (i < n) {
      if (this.inQuotes) {
        const q = chunk.indexOf(QUOTE, i);
        const end = q < 0 ? n : q;
        if (end > i) content(i, end, countLf(chunk, i, end));
        if (q < 0) break;
        i = q; // the quote itself, below
      }
      const c = chunk[i]!;
      if (c === QUOTE) {
        content(i, i + 1, 0);
        if (this.dropping === 'no') this.keptQuoteOpen = !this.keptQuoteOpen;
        this.inQuotes = !this.inQuotes;
        i++;
      } else if (c === COMMA) {
        if (this.dropping === 'field') resumeKeeping(i);
        if (this.dropping === 'no') {
          this.fields++;
          this.fieldBytes = 0;
          this.keptQuoteOpen = false;
          if (this.fields >= this.maxFields) {
            stopKeeping(i); // this comma and every field after it
            this.dropping = 'record';
          }
        }
        i++;
      } else if (c === LF) {
        if (this.dropping !== 'no') resumeKeeping(i);
        this.line++;
        this.fields = 0;
        this.fieldBytes = 0;
        this.keptQuoteOpen = false;
        i++;
      } else {
        let j = i + 1;
        while (j < n) {
          const d = chunk[j]!;
          if (d === QUOTE || d === COMMA || d === LF) break;
          j++;
        }
        content(i, j, 0);
        i = j;
      }
    }
    if (!changed) {
      done(null, chunk);
      return;
    }
    if (from >= 0 && from < n) parts.push(chunk.subarray(from));
    done(null, Buffer.concat(parts));
  }
}

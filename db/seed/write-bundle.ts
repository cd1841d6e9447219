/**
 * Writing CSV files in the MIS extract format: RFC 4180 via csv-stringify
 * (fields quoted only when they hold a comma, quote or line break), UTF-8
 * without a byte-order mark, LF line ends.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { stringify } from 'csv-stringify/sync';

export async function writeCsvFile<C extends string>(
  path: string,
  columns: readonly C[],
  rows: readonly Record<C, string>[],
): Promise<void> {
  const records = rows.map((row) => columns.map((c) => row[c]));
  await writeFile(path, stringify([columns.slice(), ...records]), 'utf8');
}

/** One CSV field, quoted as csv-stringify would quote it. */
export function csvField(value: string): string {
  return stringify([[value]]).slice(0, -1);
}

/**
 * A file written in chunks with back-pressure, for the attendance file: a
 * large school has millions of marks, which must never sit in memory at once.
 */
export class StreamedCsvFile {
  private readonly stream: WriteStream;
  private buffer = '';
  private error: Error | null = null;

  constructor(path: string, columns: readonly string[]) {
    this.stream = createWriteStream(path, { encoding: 'utf8' });
    // Kept and rethrown by the next append or close, instead of crashing the process as an unhandled 'error'.
    this.stream.on('error', (e) => {
      this.error = e;
    });
    this.buffer = stringify([columns.slice()]);
  }

  /** Appends already-formatted CSV lines; flushes every ~256 KB. */
  async append(lines: string): Promise<void> {
    this.buffer += lines;
    if (this.buffer.length >= 256 * 1024) await this.flush();
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await finished(this.stream);
  }

  private async flush(): Promise<void> {
    if (this.error) throw this.error;
    if (this.buffer.length === 0) return;
    const chunk = this.buffer;
    this.buffer = '';
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }
}

/**
 * What a PDF says, read by poppler's pdftotext (Debian poppler-utils) as a
 * person's PDF reader would extract it. A machine without it fails the test
 * with the reason: reading the file is the point of the test.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

function withFile<T>(bytes: Uint8Array, fn: (file: string) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), 'haven-pdf-'));
  try {
    const file = path.join(dir, 'document.pdf');
    writeFileSync(file, bytes);
    return fn(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function poppler(tool: string, args: string[]): string {
  try {
    return execFileSync(tool, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(
        `${tool} is not installed: install Debian's poppler-utils (apt-get install poppler-utils) to read the PDFs these tests check.`,
      );
    }
    throw e;
  }
}

/**
 * The text of every page, pages separated by form feeds (\f). With `layout`,
 * as laid out on the page: blank lines and indentation kept. With `password`,
 * an encrypted file is opened with it (as its reader would type it).
 */
export function pdfText(bytes: Uint8Array, opts: { layout?: boolean; password?: string } = {}): string {
  return withFile(bytes, (file) =>
    poppler('pdftotext', [
      '-enc',
      'UTF-8',
      ...(opts.layout ? ['-layout'] : []),
      ...(opts.password !== undefined ? ['-upw', opts.password] : []),
      file,
      '-',
    ]),
  );
}

/** qpdf's answers about a file: whether it needs a password, and its encryption (R = 6 is AES-256). */
export function qpdfFacts(bytes: Uint8Array, password?: string): { requiresPassword: boolean; encryption: string } {
  return withFile(bytes, (file) => {
    const requires = spawnSync('qpdf', ['--requires-password', file]);
    if (requires.error) throw new Error("qpdf is not installed: install Debian's qpdf (apt-get install qpdf).");
    const shown = spawnSync('qpdf', [...(password ? [`--password=${password}`] : []), '--show-encryption', file], {
      encoding: 'utf8',
    });
    // --requires-password: 0 needs one, 2 is not encrypted, 3 opens without one.
    return { requiresPassword: requires.status === 0, encryption: shown.stdout };
  });
}

/** How many pages and images the file has (pdfinfo, pdfimages -list). */
export function pdfFacts(bytes: Uint8Array): { pages: number; images: number; title: string } {
  return withFile(bytes, (file) => {
    const info = poppler('pdfinfo', [file]);
    const images = poppler('pdfimages', ['-list', file]).trim().split('\n').slice(2).filter(Boolean).length;
    return {
      pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0),
      images,
      title: /^Title:\s+(.*)$/m.exec(info)?.[1]?.trim() ?? '',
    };
  });
}

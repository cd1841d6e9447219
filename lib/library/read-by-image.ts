/**
 * The "Read by" log as a PNG picture, drawn on the server: a table laid out
 * here as SVG (every text escaped, long cells wrapped), rasterised by resvg
 * compiled to WebAssembly (@resvg/resvg-wasm: no native binary, nothing
 * fetched at run time) with DejaVu Sans, the font every PDF embeds, so names
 * such as "Łukasz Żółć" draw correctly. The SVG never loads anything: no
 * system fonts, no images, no links.
 */
import 'server-only';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { fontFiles } from '@/lib/pdf/fonts';

export interface ReadByPicture {
  title: string;
  subtitle: string;
  columns: string[];
  rows: string[][];
}

// Read from the installed package, as the fonts are.
const wasmFile = () => path.join(process.cwd(), 'node_modules', '@resvg', 'resvg-wasm', 'index_bg.wasm');

const started = globalThis as typeof globalThis & { __havenResvg?: Promise<void> };

function ready(): Promise<void> {
  started.__havenResvg ??= readFile(wasmFile())
    .then((bytes) => initWasm(bytes))
    .catch((e: unknown) => {
      started.__havenResvg = undefined;
      throw e;
    });
  return started.__havenResvg;
}

const escapeXml = (s: string) =>
  s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

// Characters that are not allowed in XML 1.0 at all (control characters): dropped, never drawn.
const xmlSafe = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');

const FONT = 14;
const LINE = 20;
const PAD = 10;
/** DejaVu Sans is about 0.6 em wide on average; wrapping by characters keeps the layout free of a text engine. */
const CHAR = FONT * 0.6;
const WIDTHS = [220, 200, 170, 170, 190];
const MAX_LINES = 3;

/** Words into lines of at most `chars` characters; a longer word is cut; at most MAX_LINES, the last ending "…". */
export function wrapCell(text: string, chars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let w = word;
    while (w.length > chars) {
      if (line) lines.push(line);
      lines.push(w.slice(0, chars));
      w = w.slice(chars);
      line = '';
    }
    if (!line) line = w;
    else if (line.length + 1 + w.length <= chars) line += ` ${w}`;
    else {
      lines.push(line);
      line = w;
    }
  }
  if (line) lines.push(line);
  if (lines.length <= MAX_LINES) return lines.length ? lines : [''];
  const kept = lines.slice(0, MAX_LINES);
  kept[MAX_LINES - 1] = `${kept[MAX_LINES - 1]!.slice(0, Math.max(0, chars - 1))}…`;
  return kept;
}

export function readBySvg(p: ReadByPicture): { svg: string; width: number; height: number } {
  const width = WIDTHS.reduce((a, b) => a + b, 0) + PAD * 2;
  const charsIn = (w: number) => Math.max(4, Math.floor((w - PAD * 2) / CHAR));
  const parts: string[] = [];
  let y = PAD + 24;
  const text = (x: number, yy: number, s: string, extra = '') =>
    `<text x="${x}" y="${yy}"${extra}>${escapeXml(xmlSafe(s))}</text>`;
  // The bold 20 px title is about 0.65 em a character.
  for (const line of wrapCell(p.title, Math.floor((width - PAD * 2) / 13))) {
    parts.push(text(PAD, y, line, ' font-size="20" font-weight="bold"'));
    y += 26;
  }
  parts.push(text(PAD, y, p.subtitle, ' fill="#475569"'));
  y += 18;
  const drawRow = (cells: string[], header: boolean, shade: boolean) => {
    const wrapped = cells.map((c, i) => wrapCell(c, charsIn(WIDTHS[i]!)));
    const h = Math.max(...wrapped.map((l) => l.length)) * LINE + PAD;
    if (header || shade)
      parts.push(
        `<rect x="${PAD}" y="${y}" width="${width - PAD * 2}" height="${h}" fill="${header ? '#e2e8f0' : '#f8fafc'}"/>`,
      );
    let x = PAD;
    wrapped.forEach((lines, i) => {
      lines.forEach((l, j) =>
        parts.push(text(x + PAD, y + LINE + j * LINE - 2, l, header ? ' font-weight="bold"' : '')),
      );
      x += WIDTHS[i]!;
    });
    y += h;
    parts.push(`<line x1="${PAD}" y1="${y}" x2="${width - PAD}" y2="${y}" stroke="#cbd5e1"/>`);
  };
  y += 10;
  drawRow(p.columns, true, false);
  if (p.rows.length === 0) {
    y += LINE + 4;
    parts.push(text(PAD * 2, y, 'Nobody has been alerted to this file yet.'));
    y += PAD;
  }
  p.rows.forEach((r, i) => drawRow(r, false, i % 2 === 1));
  const height = Math.ceil(y + PAD * 2);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<rect width="100%" height="100%" fill="#ffffff"/>` +
    `<g font-family="DejaVu Sans" font-size="${FONT}" fill="#0f172a">${parts.join('')}</g></svg>`;
  return { svg, width, height };
}

/** The picture as PNG bytes. */
export async function readByImage(p: ReadByPicture): Promise<Uint8Array> {
  const [, fonts] = await Promise.all([ready(), fontFiles()]);
  const { svg } = readBySvg(p);
  const resvg = new Resvg(svg, {
    font: { fontBuffers: [fonts.regular, fonts.bold], loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
  });
  try {
    const rendered = resvg.render();
    try {
      return rendered.asPng();
    } finally {
      rendered.free();
    }
  } finally {
    resvg.free();
  }
}

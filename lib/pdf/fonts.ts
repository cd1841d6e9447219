/**
 * The fonts every PDF embeds: DejaVu Sans (regular and bold) from the
 * dejavu-fonts-ttf package. The PDF standard fonts only know Latin-1 and turn
 * "Łukasz Żółć" into "?", so a TrueType font is embedded (and subset, so a
 * document carries only the letters it uses).
 */
import 'server-only';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export interface FontFiles {
  regular: Uint8Array;
  bold: Uint8Array;
}

// Read from the installed package, as migrations are read from db/migrations.
const fontDir = () => path.join(process.cwd(), 'node_modules', 'dejavu-fonts-ttf', 'ttf');

let loading: Promise<FontFiles> | undefined;

/** The font files, read once per process. */
export function fontFiles(): Promise<FontFiles> {
  loading ??= Promise.all([
    readFile(path.join(fontDir(), 'DejaVuSans.ttf')),
    readFile(path.join(fontDir(), 'DejaVuSans-Bold.ttf')),
  ]).then(
    ([regular, bold]) => ({ regular, bold }),
    (e: unknown) => {
      loading = undefined;
      throw e;
    },
  );
  return loading;
}

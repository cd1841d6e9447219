/**
 * Encoding a line word by word gives exactly the glyph codes the whole line
 * gets (so the drawn text and the subset are the same), and a PDF drawn with
 * it reads back with every accent.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fontkit from '@cantoo/fontkit';
import { PDFDocument } from '@cantoo/pdf-lib';
import { describe, expect, it } from 'vitest';
import { PdfFlow } from '@/lib/pdf/flow';
import { fontFiles } from '@/lib/pdf/fonts';
import { encodeWordByWord } from '@/lib/pdf/word-encoding';

const LINES = [
  'Łukasz Żółć told  Nguyễn Thảo at break.',
  'Aoibheann Ó’Súilleabháin: “ﬁne” — office, 10:15',
  '   indented   with\ttabs and  runs of spaces ',
  'Łukasz Żółć again, and ffi fl ligature-prone words: office affluent',
  '',
];

async function font(wordByWord: boolean) {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const embedded = await doc.embedFont((await fontFiles()).regular, { subset: true });
  return wordByWord ? encodeWordByWord(embedded) : embedded;
}

describe('encoding text word by word', () => {
  it('gives the glyph codes of the whole line, in the same subset order', async () => {
    const whole = await font(false);
    const byWord = await font(true);
    for (const line of [...LINES, ...LINES]) {
      expect(byWord.encodeText(line).asString()).toBe(whole.encodeText(line).asString());
    }
  });

  it('draws a PDF whose text reads back with every accent', async () => {
    const flow = await PdfFlow.create({
      title: 'Test',
      header: { title: 'School', notice: 'Confidential', badge: 'CONFIDENTIAL', logo: null },
      footer: 'Footer',
    });
    for (let i = 0; i < 50; i++) flow.text(LINES[0]!);
    flow.text(LINES[1]!);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-words-'));
    try {
      const file = path.join(dir, 'a.pdf');
      fs.writeFileSync(file, await flow.save());
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
      expect(text.match(/Łukasz Żółć told Nguyễn Thảo at break\./g)?.length).toBe(50);
      expect(text).toContain('Aoibheann Ó’Súilleabháin');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

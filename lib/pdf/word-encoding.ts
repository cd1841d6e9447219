/**
 * Text drawn in an embedded font is shaped by fontkit on every draw: each
 * line laid out glyph by glyph, which was most of the time of a long PDF (a
 * chronology of hundreds of incidents repeats the same few thousand words).
 * This wraps a font so a line is encoded word by word, each word and each run
 * of spaces shaped once per document and its glyph codes reused. Shaping
 * never joins glyphs across a space, so the codes are the ones the whole line
 * would get (only a kerning pair that straddles a space is dropped, which is
 * also how the line was measured: word by word). The subset still learns
 * every glyph, because each piece is encoded through the font the first time.
 */
import 'server-only';
import { PDFHexString, type PDFFont } from '@cantoo/pdf-lib';

export function encodeWordByWord(font: PDFFont): PDFFont {
  const encodeWhole = font.encodeText.bind(font);
  const codes = new Map<string, string>();
  font.encodeText = (text: string) => {
    let hex = '';
    for (const piece of text.split(/(\s+)/)) {
      if (piece === '') continue;
      let code = codes.get(piece);
      if (code === undefined) {
        code = encodeWhole(piece).asString();
        codes.set(piece, code);
      }
      hex += code;
    }
    return PDFHexString.of(hex);
  };
  return font;
}

/**
 * Text as a PDF prints it: the typed line breaks kept, each line wrapped at
 * spaces to a width, and a word too long for a line broken between
 * characters (never inside one). Pure: the caller measures with its font.
 */

/** Width of a piece of text in points, for one font and size. */
export type Measure = (text: string) => number;

/** Tabs become spaces and other control characters are dropped: a font draws neither. */
export function printableText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, '    ')
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, '');
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** A word wider than the line: as many characters as fit on each line. */
function breakWord(word: string, width: number, measure: Measure): string[] {
  const out: string[] = [];
  let line = '';
  let lineWidth = 0;
  for (const { segment } of graphemes.segment(word)) {
    const w = measure(segment);
    if (line !== '' && lineWidth + w > width) {
      out.push(line);
      line = '';
      lineWidth = 0;
    }
    line += segment;
    lineWidth += w;
  }
  if (line !== '') out.push(line);
  return out;
}

/** One typed line (no line breaks) wrapped to `width`. */
function wrapLine(text: string, width: number, measure: Measure): string[] {
  const lines: string[] = [];
  let line = '';
  let lineWidth = 0;
  // Spaces wait for the next word: at a break they are dropped, as a reader expects.
  let pending = '';
  const startWith = (word: string, w: number) => {
    if (w <= width) {
      line = word;
      lineWidth = w;
      return;
    }
    const pieces = breakWord(word, width, measure);
    lines.push(...pieces.slice(0, -1));
    line = pieces.at(-1) ?? '';
    lineWidth = measure(line);
  };
  for (const token of text.split(/( +)/)) {
    if (token === '') continue;
    if (token.startsWith(' ')) {
      // Indentation at the start of a typed line is kept; after a wrap it is not.
      if (line === '' && lines.length === 0) {
        line = token;
        lineWidth = measure(token);
      } else {
        pending = token;
      }
      continue;
    }
    const w = measure(token);
    const indentOnly = line.trim() === '';
    const gap = indentOnly ? 0 : measure(pending);
    if (lineWidth + gap + w <= width) {
      line += (indentOnly ? '' : pending) + token;
      lineWidth += gap + w;
    } else {
      if (!indentOnly) lines.push(line);
      startWith(token, w);
    }
    pending = '';
  }
  if (line.trim() !== '') lines.push(line);
  else if (lines.length === 0) lines.push('');
  return lines;
}

/**
 * `text` as lines no wider than `width` (except that a single character wider
 * than the line stands alone). Blank typed lines stay blank lines.
 */
export function wrapText(text: string, width: number, measure: Measure): string[] {
  return printableText(text)
    .split('\n')
    .flatMap((typed) => wrapLine(typed, width, measure));
}

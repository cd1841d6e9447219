/**
 * Printed text: wrapping keeps what was typed (line breaks, blank lines,
 * indentation, every word in order), never runs past the width, breaks an
 * over-long word between characters only; pages turn when one is full.
 */
import { describe, expect, it } from 'vitest';
import { PdfFlow } from '@/lib/pdf/flow';
import { printableText, wrapText } from '@/lib/pdf/wrap';

// Every character one unit wide, so widths are character counts.
const measure = (s: string) => [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(s)].length;
const words = (s: string) => s.split(/\s+/).filter(Boolean);

describe('wrapping', () => {
  it('wraps at spaces and drops the space at each break', () => {
    expect(wrapText('the quick brown fox jumps over the lazy dog', 15, measure)).toEqual([
      'the quick brown',
      'fox jumps over',
      'the lazy dog',
    ]);
  });

  it('keeps typed line breaks, blank lines and a line’s own indentation', () => {
    expect(wrapText('First line.\n\n    Indented quote that wraps.\nLast.', 16, measure)).toEqual([
      'First line.',
      '',
      '    Indented',
      'quote that',
      'wraps.',
      'Last.',
    ]);
    expect(wrapText('a\r\nb\rc', 10, measure)).toEqual(['a', 'b', 'c']);
    expect(wrapText('', 10, measure)).toEqual(['']);
  });

  it('keeps spaces typed inside a line', () => {
    expect(wrapText('Name:   Zoë', 20, measure)).toEqual(['Name:   Zoë']);
  });

  it('breaks a word longer than a line between characters, never inside one', () => {
    expect(wrapText('see abcdefghijklmnopqrstuvwxyz end', 10, measure)).toEqual([
      'see',
      'abcdefghij',
      'klmnopqrst',
      'uvwxyz end',
    ]);
    // "é" as e + combining accent, and a family emoji, each stay whole.
    const lines = wrapText('e\u0301e\u0301e\u0301👨‍👩‍👧e\u0301e\u0301', 2, measure);
    expect(lines).toEqual(['e\u0301e\u0301', 'e\u0301👨‍👩‍👧', 'e\u0301e\u0301']);
  });

  it('never exceeds the width and loses no word on a long text', () => {
    const text = Array.from(
      { length: 400 },
      (_, i) => `Sentence ${i} has words of ${'varying '.repeat(i % 7)}length${i % 11 === 0 ? '\n' : ' '}`,
    ).join('');
    for (const width of [12, 37, 80]) {
      const lines = wrapText(text, width, measure);
      expect(lines.every((l) => measure(l) <= width)).toBe(true);
      expect(words(lines.join('\n'))).toEqual(words(text));
    }
  });

  it('turns tabs into spaces and drops control characters a font cannot draw', () => {
    expect(printableText('a\tb\u0000c\u0007d\u001be\u0085f\r\ng')).toBe('a    bcdef\ng');
  });
});

describe('pages', () => {
  const flow = () =>
    PdfFlow.create({
      title: 'Test',
      header: { title: 'A school', notice: 'Confidential', badge: 'CONFIDENTIAL', logo: null },
      footer: 'Printed by a test',
    });

  it('turns the page exactly when a page is full', async () => {
    const perPage = PdfFlow.linesPerPage(10);
    expect(perPage).toBeGreaterThan(30);
    const full = await flow();
    full.text(Array.from({ length: perPage }, (_, i) => `Line ${i}`).join('\n'));
    expect(full.pageCount).toBe(1);
    const over = await flow();
    over.text(Array.from({ length: perPage + 1 }, (_, i) => `Line ${i}`).join('\n'));
    expect(over.pageCount).toBe(2);
    const many = await flow();
    many.text(Array.from({ length: perPage * 5 + 3 }, (_, i) => `Line ${i}`).join('\n'));
    expect(many.pageCount).toBe(6);
  });

  it('wraps a long line to the page width and keeps a heading with what follows it', async () => {
    const f = await flow();
    f.text(Array.from({ length: PdfFlow.linesPerPage(10) - 2 }, () => 'x').join('\n'));
    expect(f.pageCount).toBe(1);
    // Two lines left: a heading there would be stranded, so it starts the next page.
    f.heading('Actions');
    expect(f.pageCount).toBe(2);
    const w = await flow();
    w.text('word '.repeat(2000));
    // One typed line of 2,000 words: many words to a line (one a line would be ~40 pages), over a few pages.
    expect(w.pageCount).toBeGreaterThanOrEqual(2);
    expect(w.pageCount).toBeLessThanOrEqual(5);
  });
});

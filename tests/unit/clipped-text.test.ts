/**
 * Free text on pages is clipped to a preview with an accessible "Show more"
 * (app/_components/clipped-text.tsx): a <details> element, rendered on the
 * server, holding the whole text; short text is shown as it is.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ClippedList, ClippedText, previewOf } from '@/app/_components/clipped-text';

const html = (el: React.ReactElement) => renderToStaticMarkup(el);

describe('previewOf', () => {
  it('leaves short text whole', () => {
    expect(previewOf('Asthma', 600, 8)).toBeNull();
    expect(previewOf('a\nb\nc', 600, 3)).toBeNull();
  });

  it('cuts long text at a word near the limit, and many lines after the last one shown', () => {
    const words = 'word '.repeat(300);
    const p = previewOf(words, 600, 8)!;
    expect(p.length).toBeLessThanOrEqual(600);
    expect(p.length).toBeGreaterThan(560);
    expect(p.endsWith('word')).toBe(true);
    expect(previewOf('1\n2\n3\n4\n5', 600, 3)).toBe('1\n2\n3');
  });

  it('never splits an emoji in two', () => {
    const p = previewOf('🙂'.repeat(400), 301, 8)!;
    expect(p).toBe('🙂'.repeat(150));
  });
});

describe('ClippedText', () => {
  it('renders short text as a paragraph with no disclosure', () => {
    expect(html(createElement(ClippedText, { text: 'Lives with grandmother.' }))).toBe(
      '<p class="whitespace-pre-wrap break-words">Lives with grandmother.</p>',
    );
  });

  it('renders a 4,000-character value as a preview and the whole text behind "Show more"', () => {
    const text = `${'Peanut allergy; '.repeat(250)}END`;
    const out = html(createElement(ClippedText, { text }));
    const [preview] = /<p class="[^"]*group-has-\[\[open\]\]\/clip:hidden">([^<]*)<\/p>/.exec(out)!.slice(1);
    expect(preview!.length).toBeLessThanOrEqual(601);
    expect(preview!.endsWith('…')).toBe(true);
    expect(out).toContain('<details class="group/clip-more"><summary');
    expect(out).toContain('<span class="group-open/clip-more:hidden">Show more</span>');
    expect(out).toContain('<span class="hidden group-open/clip-more:inline">Show less</span>');
    expect(out).toContain(`${text}</p></details>`);
    expect(out).not.toContain('<script');
  });
});

describe('ClippedList', () => {
  it('shows the first eight items and the rest behind "Show 12 more"', () => {
    const items = Array.from({ length: 20 }, (_, i) => `Condition ${i + 1}`);
    const out = html(createElement(ClippedList, { items }));
    const shown = out.split('<details')[0]!;
    expect(shown.match(/<li/g)).toHaveLength(8);
    expect(out).toContain('Show 12 more');
    expect(out).toContain('Condition 20');
  });

  it('shows nine items whole rather than hide one', () => {
    expect(html(createElement(ClippedList, { items: Array.from({ length: 9 }, (_, i) => `C${i}`) }))).not.toContain(
      '<details',
    );
  });
});

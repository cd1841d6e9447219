import { describe, expect, it } from 'vitest';
import { readBySvg, wrapCell } from '@/lib/library/read-by-image';

describe('the read-by picture’s layout', () => {
  it('escapes every text and drops characters XML cannot hold, so a name cannot add markup', () => {
    const { svg } = readBySvg({
      title: 'Read by: <b>policy</b>.pdf',
      subtitle: 'School & "Co"',
      columns: ['Person'],
      rows: [['<image href="file:///etc/passwd"/>\u0007Ann']],
    });
    expect(svg).not.toContain('<image');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('>&lt;image</text>');
    expect(svg).toContain('>href=&quot;file:///etc/passw</text>');
    expect(svg).toContain('School &amp; &quot;Co&quot;');
    expect(svg).not.toContain('\u0007');
  });

  it('wraps long cells by words, cuts a long word, and stops at three lines with an ellipsis', () => {
    expect(wrapCell('Łukasz Żółć', 20)).toEqual(['Łukasz Żółć']);
    expect(wrapCell('one two three', 7)).toEqual(['one two', 'three']);
    expect(wrapCell('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapCell('aa bb cc dd', 2)).toEqual(['aa', 'bb', 'c…']);
    expect(wrapCell('', 5)).toEqual(['']);
  });

  it('grows with the rows', () => {
    const row = ['Ann', 'Dee', '1 Dec 2026, 09:00', 'Not opened', 'Not yet'];
    const one = readBySvg({ title: 't', subtitle: 's', columns: row, rows: [row] });
    const ten = readBySvg({ title: 't', subtitle: 's', columns: row, rows: Array.from({ length: 10 }, () => row) });
    expect(ten.height).toBeGreaterThan(one.height + 8 * 20);
    expect(ten.width).toBe(one.width);
  });
});

/**
 * docs/mis-import-limits.md is what schools and MIS suppliers read: every
 * column's maximum and what a longer value does must be the code's
 * (lib/mis/import/limits.ts), as must the bundle's caps.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_FIELD_BYTES, MAX_FIELDS } from '@/lib/mis/import/byte-guards';
import { COLUMN_LIMITS, isLongerThan } from '@/lib/mis/import/limits';
import { MAX_UPLOAD_BYTES } from '@/lib/mis/import/sources';
import { MAX_UPLOAD_FILES } from '@/lib/mis/import/upload-body';
import { MAX_COMPRESSION_RATIO, MAX_UNZIPPED_BYTES } from '@/lib/mis/import/zip';

const doc = fs.readFileSync('docs/mis-import-limits.md', 'utf8');
const WHEN = { 'skip-row': 'row skipped', 'keep-stored': 'value kept', format: 'format error' } as const;

describe('docs/mis-import-limits.md', () => {
  it.each(Object.entries(COLUMN_LIMITS))(
    'lists every column of %s.csv with its maximum and what a longer value does, in order',
    (file, columns) => {
      const section = doc.split(`### ${file}.csv`)[1]?.split('###')[0] ?? '';
      const rows = section
        .split('\n')
        .filter((l) => l.startsWith('| `'))
        .map((l) =>
          l
            .split('|')
            .map((c) => c.trim())
            .slice(1, 4),
        );
      expect(rows).toEqual(
        Object.entries(columns).map(([c, l]) => [`\`${c}\``, l.max.toLocaleString('en-GB'), WHEN[l.over]]),
      );
    },
  );

  it('states the bundle caps the code applies', () => {
    expect(MAX_UPLOAD_BYTES).toBe(256 * 1024 * 1024);
    expect(MAX_UNZIPPED_BYTES).toBe(256 * 1024 * 1024);
    expect(doc).toContain(`| upload (files as sent) | 256 MB, at most ${MAX_UPLOAD_FILES} files`);
    expect(doc).toContain(`| \`.zip\`, unpacked | 256 MB, and at most ${MAX_COMPRESSION_RATIO} times`);
    expect(doc).toContain(`| columns read per row | ${MAX_FIELDS} |`);
    expect(doc).toContain(`| one value, as read | ${MAX_FIELD_BYTES / 1024} KB |`);
  });

  it('a value cut at 16 KB is still longer than any column takes, so a cut never changes a verdict', () => {
    const longest = Math.max(...Object.values(COLUMN_LIMITS).flatMap((c) => Object.values(c).map((l) => l.max)));
    expect(MAX_FIELD_BYTES / 4).toBeGreaterThan(longest); // four bytes at most per character
  });

  it('counts characters, not UTF-16 units', () => {
    expect(isLongerThan('🙂'.repeat(50), 50)).toBe(false);
    expect(isLongerThan('🙂'.repeat(51), 50)).toBe(true);
    expect(isLongerThan('é'.repeat(50), 50)).toBe(false);
  });
});

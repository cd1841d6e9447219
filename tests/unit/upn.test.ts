import { describe, expect, it } from 'vitest';
import {
  UPN_LETTERS,
  computeUpnCheckLetter,
  isTemporaryUpn,
  isValidUpn,
  parseUpn,
  withUpnCheckLetter,
} from '@/lib/mis/upn';

describe('UPN check letter', () => {
  it('accepts the example from the format: B801200005001 (sum 93, 93 mod 23 = 1 → B)', () => {
    expect(computeUpnCheckLetter('801200005001')).toBe('B');
    expect(isValidUpn('B801200005001')).toBe(true);
    expect(parseUpn('B801200005001')).toEqual({ ok: true, upn: 'B801200005001', temporary: false });
  });

  it('refuses a wrong check letter, naming the right one', () => {
    for (const letter of UPN_LETTERS.replace('B', '')) {
      expect(isValidUpn(`${letter}801200005001`)).toBe(false);
    }
    const parsed = parseUpn('C801200005001');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain('B');
  });

  it('uses only the 23 letters, never I, O or S', () => {
    expect(UPN_LETTERS).toHaveLength(23);
    expect(UPN_LETTERS).not.toMatch(/[IOS]/);
    expect(isValidUpn('I801200005001')).toBe(false);
  });

  it('catches every single-character mistake and every swap of neighbouring digits', () => {
    const upn = withUpnCheckLetter('383200118001');
    for (let i = 1; i < 13; i++) {
      for (const d of '0123456789') {
        if (d === upn[i]) continue;
        expect(isValidUpn(upn.slice(0, i) + d + upn.slice(i + 1))).toBe(false);
      }
    }
    for (let i = 1; i < 12; i++) {
      if (upn[i] === upn[i + 1]) continue;
      const swapped = upn.slice(0, i) + upn[i + 1] + upn[i] + upn.slice(i + 2);
      expect(isValidUpn(swapped)).toBe(false);
    }
  });

  it('refuses malformed UPNs with a reason', () => {
    for (const bad of ['', 'B80120000500', 'B8012000050011', '1801200005001', 'B80120000500-', 'B8012000050A1']) {
      expect(isValidUpn(bad)).toBe(false);
      expect(parseUpn(bad).ok).toBe(false);
    }
    expect(() => computeUpnCheckLetter('80120000500')).toThrow();
  });

  it('forgives surrounding spaces and lower case when parsing an extract, but not in the strict check', () => {
    expect(parseUpn('  b801200005001 ')).toEqual({ ok: true, upn: 'B801200005001', temporary: false });
    expect(isValidUpn('b801200005001')).toBe(false);
  });
});

describe('temporary UPNs', () => {
  // The last character is a letter counted as its position in the table: A = 0 … Z = 22.
  it('counts a final A as 0: 93 − 13×1 + 13×0 = 80, 80 mod 23 = 11 → M', () => {
    expect(computeUpnCheckLetter('80120000500A')).toBe('M');
    expect(isValidUpn('M80120000500A')).toBe(true);
    expect(isTemporaryUpn('M80120000500A')).toBe(true);
    expect(parseUpn('M80120000500A')).toEqual({ ok: true, upn: 'M80120000500A', temporary: true });
  });

  it('counts a final Z as 22: 80 + 13×22 = 366, 366 mod 23 = 21 → Y', () => {
    expect(isValidUpn('Y80120000500Z')).toBe(true);
    expect(isValidUpn('X80120000500Z')).toBe(false);
  });

  it('refuses a final letter outside the table (I, O, S) and letters anywhere else', () => {
    for (const letter of 'IOS') expect(parseUpn(`A80120000500${letter}`).ok).toBe(false);
    expect(isValidUpn(withUpnCheckLetter('80120000500A').replace('0500A', '05A0A'))).toBe(false);
  });

  it('a permanent UPN is not temporary', () => {
    expect(isTemporaryUpn('B801200005001')).toBe(false);
    expect(isTemporaryUpn('C801200005001')).toBe(false);
  });
});

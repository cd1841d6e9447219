import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashToken, newToken, safeEqual } from '@/lib/auth/tokens';

describe('tokens', () => {
  it('makes base64url tokens of 256 bits by default, all different', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => newToken()));
    expect(tokens.size).toBe(1000);
    for (const t of tokens) {
      expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(t, 'base64url')).toHaveLength(32);
    }
  });

  it('honours a size of at least 128 bits and refuses less', () => {
    expect(Buffer.from(newToken(16), 'base64url')).toHaveLength(16);
    expect(Buffer.from(newToken(48), 'base64url')).toHaveLength(48);
    expect(() => newToken(15)).toThrow(RangeError);
    expect(() => newToken(16.5)).toThrow(RangeError);
  });

  it('hashes with SHA-256 to lower-case hex', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const t = newToken();
    expect(hashToken(t)).toBe(createHash('sha256').update(t).digest('hex'));
    expect(hashToken(t)).not.toBe(hashToken(newToken()));
  });

  it('compares in constant time, and different lengths are simply unequal', () => {
    const t = newToken();
    expect(safeEqual(t, `${t}`)).toBe(true);
    expect(safeEqual(t, `${t.slice(0, -1)}${t.endsWith('A') ? 'B' : 'A'}`)).toBe(false);
    expect(safeEqual(t, t.slice(0, -1))).toBe(false);
    expect(safeEqual('', '')).toBe(true);
    expect(safeEqual('é', 'e\u0301')).toBe(false);
  });
});

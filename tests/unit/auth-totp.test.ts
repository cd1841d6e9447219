/**
 * TOTP against an independent implementation: codes come from Debian's
 * `oathtool`, so a mistake shared by otplib and our wrapper cannot hide.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isReplay, newTotpSecret, totpQrSvg, totpUri, verifyTotp } from '@/lib/auth/totp';

/** The code oathtool computes for `secret` at `at` (whole seconds). */
function oathtool(secret: string, at: Date): string {
  const unix = Math.floor(at.getTime() / 1000);
  return execFileSync('oathtool', ['--totp', '-b', `--now=@${unix}`, secret], { encoding: 'utf8' }).trim();
}

// Mid-step, so ±30 s lands squarely in the neighbouring steps.
const NOW = new Date('2025-03-14T09:26:45Z');
const STEP = Math.floor(NOW.getTime() / 1000 / 30);

describe('newTotpSecret', () => {
  it('is base32 of at least 160 bits and new each time', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/); // 32 base32 characters = 20 bytes
    expect(newTotpSecret()).not.toBe(secret);
  });
});

describe('verifyTotp', () => {
  // The RFC 6238 test secret ("12345678901234567890"): fixed, so the codes below are deterministic.
  const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

  it('matches the RFC 6238 test vectors (6-digit truncation)', () => {
    expect(verifyTotp(secret, '287082', new Date(59_000))).toEqual({ valid: true, step: 1 });
    expect(verifyTotp(secret, '081804', new Date(1_111_111_109_000))).toEqual({ valid: true, step: 37_037_036 });
    expect(oathtool(secret, new Date(1_111_111_109_000))).toBe('081804');
  });

  it('accepts the current code from oathtool and returns its time step', () => {
    expect(verifyTotp(secret, oathtool(secret, NOW), NOW)).toEqual({ valid: true, step: STEP });
  });

  it('agrees with oathtool without --now at the real current time', () => {
    const now = new Date();
    const code = execFileSync('oathtool', ['--totp', '-b', secret], { encoding: 'utf8' }).trim();
    const result = verifyTotp(secret, code, now);
    expect(result.valid).toBe(true);
  });

  it.each([
    [-30, STEP - 1],
    [30, STEP + 1],
  ])('accepts a code from %i s away, reporting the step it belongs to', (offset, step) => {
    const code = oathtool(secret, new Date(NOW.getTime() + offset * 1000));
    expect(verifyTotp(secret, code, NOW)).toEqual({ valid: true, step });
  });

  it.each([-60, 60, -90, 90, 3600])('refuses a code from %i s away', (offset) => {
    const code = oathtool(secret, new Date(NOW.getTime() + offset * 1000));
    // With this fixed secret no refused code happens to equal an accepted one.
    expect([-30, 0, 30].map((s) => oathtool(secret, new Date(NOW.getTime() + s * 1000)))).not.toContain(code);
    expect(verifyTotp(secret, code, NOW)).toEqual({ valid: false });
  });

  it("refuses another secret's code", () => {
    expect(verifyTotp(secret, oathtool('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', NOW), NOW)).toEqual({ valid: false });
  });

  it('works with a newly generated secret too', () => {
    const fresh = newTotpSecret();
    expect(verifyTotp(fresh, oathtool(fresh, NOW), NOW)).toEqual({ valid: true, step: STEP });
  });

  it('ignores spaces but refuses anything that is not exactly six digits', () => {
    const code = oathtool(secret, NOW);
    expect(verifyTotp(secret, ` ${code} `, NOW)).toEqual({ valid: true, step: STEP });
    expect(verifyTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, NOW)).toEqual({ valid: true, step: STEP });
    for (const bad of [
      code.slice(0, 5),
      `${code}0`,
      `0${code}`,
      `${code.slice(0, 5)}x`,
      '',
      '      ',
      '１２３４５６',
      `${code}\u0000`,
      '12-3456',
    ]) {
      expect(verifyTotp(secret, bad, NOW), JSON.stringify(bad)).toEqual({ valid: false });
    }
  });
});

describe('isReplay', () => {
  it('refuses a step not later than the last one used', () => {
    expect(isReplay(100, null)).toBe(false);
    expect(isReplay(101, 100)).toBe(false);
    expect(isReplay(100, 100)).toBe(true);
    expect(isReplay(99, 100)).toBe(true);
  });

  it('stops the same code being used twice, and an older code after a newer one', () => {
    const secret = newTotpSecret();
    const first = verifyTotp(secret, oathtool(secret, NOW), NOW);
    if (!first.valid) throw new Error('expected the current code to verify');
    const again = verifyTotp(secret, oathtool(secret, NOW), new Date(NOW.getTime() + 10_000));
    expect(again.valid && isReplay(again.step, first.step)).toBe(true);
    const older = verifyTotp(secret, oathtool(secret, new Date(NOW.getTime() - 30_000)), NOW);
    expect(older.valid && isReplay(older.step, first.step)).toBe(true);
    const next = verifyTotp(secret, oathtool(secret, new Date(NOW.getTime() + 30_000)), NOW);
    expect(next.valid && !isReplay(next.step, first.step)).toBe(true);
  });
});

describe('totpUri and totpQrSvg', () => {
  it('builds the otpauth URI that authenticator apps read', () => {
    const uri = totpUri({
      secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
      accountName: 'jane.smith@northfield.sch.uk',
      issuer: 'Haven (Northfield)',
    });
    const url = new URL(uri);
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(decodeURIComponent(url.pathname)).toBe('/Haven (Northfield):jane.smith@northfield.sch.uk');
    expect(url.searchParams.get('secret')).toBe('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
    expect(url.searchParams.get('issuer')).toBe('Haven (Northfield)');
  });

  it('draws the URI as an SVG', async () => {
    const svg = await totpQrSvg(totpUri({ secret: newTotpSecret(), accountName: 'a@b.sch.uk', issuer: 'Haven' }));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).not.toMatch(/<script/i);
  });
});

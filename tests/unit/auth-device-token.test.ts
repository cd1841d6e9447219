/** Device tokens (lib/auth/device-token.ts): what makes a browser a known one for a person, and what does not. */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DEVICE_TOKEN_DAYS,
  findValidDeviceToken,
  MAX_TOKENS,
  parseDeviceCookie,
  signDeviceToken,
  withDeviceToken,
} from '@/lib/auth/device-token';

const key = randomBytes(32);
const NOW = new Date('2026-05-04T08:00:00Z');
const alice = { userId: '11111111-1111-4111-8111-111111111111', passwordChangedAt: new Date('2026-01-01T00:00:00Z') };
const bob = { userId: '22222222-2222-4222-8222-222222222222', passwordChangedAt: null };
const days = (n: number) => new Date(NOW.getTime() + n * 86_400_000);

describe('device tokens', () => {
  it('a token signed for a person is valid for them, with the nonce failures are counted by', () => {
    const token = signDeviceToken(key, alice, NOW);
    const found = findValidDeviceToken(key, token, alice, NOW);
    expect(found).toMatchObject({ userId: alice.userId, raw: token });
    expect(found!.nonce).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(token).not.toContain('@'); // no email address in the cookie
  });

  it('is nothing for another person, even with the other person’s id written in', () => {
    const token = signDeviceToken(key, alice, NOW);
    expect(findValidDeviceToken(key, token, { ...bob }, NOW)).toBeNull();
    const moved = token.replace(alice.userId, bob.userId);
    expect(findValidDeviceToken(key, moved, bob, NOW)).toBeNull();
  });

  it('refuses a tampered nonce, time or signature, and one signed with another key', () => {
    const token = signDeviceToken(key, alice, NOW);
    const [user, issued, nonce, mac] = token.split('.') as [string, string, string, string];
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    for (const forged of [
      [user, issued, flip(nonce), mac],
      [user, String(Number(issued) + 1), nonce, mac],
      [user, issued, nonce, flip(mac)],
    ]) {
      expect(findValidDeviceToken(key, forged.join('.'), alice, NOW)).toBeNull();
    }
    expect(findValidDeviceToken(randomBytes(32), token, alice, NOW)).toBeNull();
  });

  it('stops counting when the person’s password changes', () => {
    const token = signDeviceToken(key, alice, NOW);
    expect(findValidDeviceToken(key, token, { ...alice, passwordChangedAt: days(1) }, days(2))).toBeNull();
    const fromNever = signDeviceToken(key, bob, NOW);
    expect(findValidDeviceToken(key, fromNever, { ...bob, passwordChangedAt: days(1) }, days(2))).toBeNull();
  });

  it(`expires after ${DEVICE_TOKEN_DAYS} days, and refuses one from the future beyond clock skew`, () => {
    const token = signDeviceToken(key, alice, NOW);
    expect(findValidDeviceToken(key, token, alice, days(DEVICE_TOKEN_DAYS - 1))).not.toBeNull();
    expect(findValidDeviceToken(key, token, alice, days(DEVICE_TOKEN_DAYS + 1))).toBeNull();
    expect(findValidDeviceToken(key, token, alice, new Date(NOW.getTime() - 60_000))).not.toBeNull();
    expect(findValidDeviceToken(key, token, alice, days(-1))).toBeNull();
  });

  it('ignores junk in the cookie and reads at most the first tokens', () => {
    expect(parseDeviceCookie(null)).toEqual([]);
    expect(parseDeviceCookie('garbage~more.garbage~')).toEqual([]);
    expect(parseDeviceCookie('x'.repeat(5000))).toEqual([]);
    const token = signDeviceToken(key, alice, NOW);
    expect(findValidDeviceToken(key, `junk~${token}`, alice, NOW)).not.toBeNull();
  });

  it('one cookie keeps the newest token of each person on a shared computer, up to a limit', () => {
    const first = signDeviceToken(key, alice, NOW);
    let cookie = withDeviceToken(null, alice.userId, first);
    const bobs = signDeviceToken(key, bob, NOW);
    cookie = withDeviceToken(cookie, bob.userId, bobs);
    const second = signDeviceToken(key, alice, days(1));
    cookie = withDeviceToken(cookie, alice.userId, second);
    expect(parseDeviceCookie(cookie).map((t) => t.raw)).toEqual([second, bobs]);
    expect(findValidDeviceToken(key, cookie, bob, days(1))).not.toBeNull();
    expect(findValidDeviceToken(key, cookie, alice, days(1))!.raw).toBe(second);

    for (let i = 0; i < MAX_TOKENS + 2; i++) {
      const someone = { userId: `33333333-3333-4333-8333-${String(i).padStart(12, '0')}`, passwordChangedAt: null };
      cookie = withDeviceToken(cookie, someone.userId, signDeviceToken(key, someone, NOW));
    }
    expect(parseDeviceCookie(cookie)).toHaveLength(MAX_TOKENS);
    expect(findValidDeviceToken(key, cookie, alice, days(1))).toBeNull(); // the oldest sign-in dropped out
  });
});

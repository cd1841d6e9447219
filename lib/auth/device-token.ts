/**
 * Device tokens (OWASP, "Slow Down Online Guessing Attacks with Device
 * Cookies"): a browser that has signed in to an account successfully carries
 * a token signed for that person. Sign-in failures from a browser with a
 * valid token count against that token alone, so someone elsewhere who knows
 * a DSL's address can slow down only unknown browsers, never the DSL's own.
 *
 * A token is `<user id>.<issued, unix seconds>.<nonce>.<HMAC-SHA-256>`, the MAC
 * over the user id, the time, the nonce and the time the person's password
 * was last set, under a server key (device-key.ts). So a token:
 * - cannot be made or altered without the key, nor moved to another person;
 * - stops counting when the password changes (a thief who once signed in with
 *   a stolen password loses the standing of a known browser);
 * - expires after DEVICE_TOKEN_DAYS; a new one is issued at every successful
 *   sign-in, which also starts the browser's failure count afresh (the nonce
 *   is what failures are counted by).
 * One cookie holds the tokens of up to MAX_TOKENS people, for a shared
 * staff-room computer. Pure: the caller passes the key.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const DEVICE_TOKEN_DAYS = 180;
/** People whose tokens one browser keeps (a shared computer); the oldest sign-in drops out first. */
export const MAX_TOKENS = 5;
/** A token stamped a little in the future is another server's clock, not a forgery. */
const CLOCK_SKEW_SECONDS = 300;

const TOKEN =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(\d{1,12})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;
const SEPARATOR = '~';

export interface DeviceToken {
  userId: string;
  issuedAt: number; // unix seconds
  nonce: string;
  mac: string;
  raw: string;
}

/** What a token is bound to besides its own fields: the person's current password. */
export interface DeviceBinding {
  userId: string;
  /** When the password was last set (null: never changed since the account was made). */
  passwordChangedAt: Date | null;
}

function macOf(key: Buffer, userId: string, issuedAt: number, nonce: string, passwordChangedAt: Date | null): string {
  const passwordEpoch = passwordChangedAt ? passwordChangedAt.getTime() : 0;
  return createHmac('sha256', key)
    .update(`haven-device-token/v1\n${userId}\n${issuedAt}\n${nonce}\n${passwordEpoch}`, 'utf8')
    .digest('base64url');
}

/** A new token for this person, signed with `key`. */
export function signDeviceToken(key: Buffer, binding: DeviceBinding, now: Date): string {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const nonce = randomBytes(16).toString('base64url');
  return `${binding.userId}.${issuedAt}.${nonce}.${macOf(key, binding.userId, issuedAt, nonce, binding.passwordChangedAt)}`;
}

/** The well-formed tokens in a cookie value (at most MAX_TOKENS); anything else in it is ignored. */
export function parseDeviceCookie(value: string | null | undefined): DeviceToken[] {
  if (!value || value.length > 4096) return [];
  const out: DeviceToken[] = [];
  for (const raw of value.split(SEPARATOR).slice(0, MAX_TOKENS)) {
    const m = TOKEN.exec(raw);
    if (m) out.push({ userId: m[1]!, issuedAt: Number(m[2]), nonce: m[3]!, mac: m[4]!, raw });
  }
  return out;
}

/**
 * The cookie's valid token for this person, or null: issued for them, not
 * expired, signed under `key` with their current password.
 */
export function findValidDeviceToken(
  key: Buffer,
  cookieValue: string | null | undefined,
  binding: DeviceBinding,
  now: Date,
): DeviceToken | null {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  for (const token of parseDeviceCookie(cookieValue)) {
    if (token.userId !== binding.userId) continue;
    const age = nowSeconds - token.issuedAt;
    if (age > DEVICE_TOKEN_DAYS * 86_400 || age < -CLOCK_SKEW_SECONDS) continue;
    const expected = Buffer.from(
      macOf(key, token.userId, token.issuedAt, token.nonce, binding.passwordChangedAt),
      'utf8',
    );
    const given = Buffer.from(token.mac, 'utf8');
    if (expected.length === given.length && timingSafeEqual(expected, given)) return token;
  }
  return null;
}

/** The sign-in's known device: the browser's valid token for the person, when there are a key and a person. */
export function knownDevice(
  key: Buffer | null,
  cookieValue: string | null | undefined,
  person: { id: string; passwordChangedAt: Date | null } | undefined,
  now: Date,
): DeviceToken | null {
  if (!key || !person) return null;
  return findValidDeviceToken(
    key,
    cookieValue,
    { userId: person.id, passwordChangedAt: person.passwordChangedAt },
    now,
  );
}

/** The browser's device cookie after this person proved who they are, with a fresh token; null without a key. */
export function deviceCookieFor(
  key: Buffer | null,
  cookieValue: string | null | undefined,
  binding: DeviceBinding,
  now: Date,
): string | null {
  return key ? withDeviceToken(cookieValue, binding.userId, signDeviceToken(key, binding, now)) : null;
}

/** The cookie value after a sign-in: the new token first, the person's older ones dropped, others kept up to MAX_TOKENS. */
export function withDeviceToken(cookieValue: string | null | undefined, userId: string, token: string): string {
  const others = parseDeviceCookie(cookieValue)
    .filter((t) => t.userId !== userId)
    .map((t) => t.raw);
  return [token, ...others].slice(0, MAX_TOKENS).join(SEPARATOR);
}

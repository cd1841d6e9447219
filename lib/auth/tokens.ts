/**
 * Random tokens for links and cookies (password reset, session ids, one-time
 * codes between hosts). The database keeps only `hashToken(token)`, so a leaked
 * table or backup cannot be replayed as live links; a plain SHA-256 is enough
 * because the tokens are random and long, unlike passwords.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 128 bits: below this a token could be guessed online given enough time. */
const MIN_TOKEN_BYTES = 16;

/** A URL-safe random token (base64url, no padding); 32 bytes = 256 bits by default. */
export function newToken(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < MIN_TOKEN_BYTES) {
    throw new RangeError(`A token needs at least ${MIN_TOKEN_BYTES} random bytes.`);
  }
  return randomBytes(bytes).toString('base64url');
}

/** SHA-256 of the token as lower-case hex: what the database stores and looks up. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Compares two secrets in time that does not depend on where they differ.
 * Different lengths return false at once: the length of a token or hash is not
 * a secret, its content is.
 */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) return false;
  return timingSafeEqual(left, right);
}

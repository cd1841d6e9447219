/**
 * Integration tokens: `hvn_<id>_<secret>`. The id (16 hex characters) finds
 * the row; the secret (32 random bytes, base64url) is never stored: only the
 * SHA-256 of the whole token, compared in constant time.
 */
import 'server-only';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const TOKEN_PREFIX = 'hvn_';
const TOKEN_SHAPE = /^hvn_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface NewToken {
  token: string;
  tokenId: string;
  tokenHash: string;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function newToken(): NewToken {
  const tokenId = randomBytes(8).toString('hex');
  const token = `${TOKEN_PREFIX}${tokenId}_${randomBytes(32).toString('base64url')}`;
  return { token, tokenId, tokenHash: hashToken(token) };
}

/** The token's id when it has a token's shape; null otherwise. */
export function tokenIdOf(token: string): string | null {
  return TOKEN_SHAPE.exec(token)?.[1] ?? null;
}

/** Whether `token` is the one whose hash is stored: constant time in the hash. */
export function tokenMatches(token: string, storedHash: string): boolean {
  const a = Buffer.from(hashToken(token), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token of an `Authorization: Bearer …` header, or null. */
export function bearerToken(header: string | null): string | null {
  const m = /^Bearer ([^\s]+)$/i.exec(header?.trim() ?? '');
  return m ? m[1]! : null;
}

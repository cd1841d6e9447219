/**
 * Password hashing (argon2id) and the rule for choosing a new password.
 *
 * Passwords are NFC-normalised before hashing and checking, so "é" typed as one
 * code point on a phone and as e + combining accent on a laptop is the same
 * password. Nothing is ever truncated: argon2 takes input of any length.
 */
import { randomBytes } from 'node:crypto';
import { hash, parseOptions, verify, type Algorithm, type Options } from '@node-rs/argon2';

export { checkNewPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, type PasswordCheck } from './password-strength';

/**
 * OWASP Password Storage Cheat Sheet, argon2id option 2: m = 19 MiB, t = 2, p = 1.
 * About 20–30 ms per hash on the machines this runs on, and it keeps the memory
 * per concurrent sign-in low enough for a small Lambda.
 */
export const ARGON2_PARAMS = {
  // A const enum from a .d.ts cannot be read under isolatedModules; 2 is Argon2id.
  algorithm: 2 satisfies Algorithm.Argon2id,
  memoryCost: 19_456, // KiB
  timeCost: 2,
  parallelism: 1,
} as const satisfies Options;

let dummyHash: Promise<string> | undefined;

/**
 * A valid hash of 32 random bytes that were then thrown away, so nothing
 * verifies against it. Sign-in verifies against it when the email does not
 * exist, so that answer takes as long as a wrong password and the timing does
 * not reveal who has an account. Made with ARGON2_PARAMS (which is what decides
 * the cost) on first use and kept, so importing this module costs nothing.
 */
export function DUMMY_PASSWORD_HASH(): Promise<string> {
  dummyHash ??= hash(randomBytes(32).toString('base64url'), ARGON2_PARAMS).catch((error: unknown) => {
    dummyHash = undefined; // try again next time rather than failing every sign-in from now on
    throw error;
  });
  return dummyHash;
}

export function normalisePassword(plain: string): string {
  return plain.normalize('NFC');
}

export async function hashPassword(plain: string): Promise<string> {
  return hash(normalisePassword(plain), ARGON2_PARAMS);
}

/**
 * True only when `plain` matches `storedHash`. With `storedHash` null (no such
 * user, or a user without a password) it spends the same time against
 * DUMMY_PASSWORD_HASH and returns false. A stored hash that cannot be parsed
 * is a data fault, so it throws rather than quietly reading as "wrong password".
 */
export async function verifyPassword(storedHash: string | null, plain: string): Promise<boolean> {
  if (storedHash === null) {
    await verify(await DUMMY_PASSWORD_HASH(), normalisePassword(plain));
    return false;
  }
  try {
    return await verify(storedHash, normalisePassword(plain));
  } catch (cause) {
    throw new Error('The stored password hash could not be read.', { cause });
  }
}

/** True when a hash was made with other parameters: rehash it after the next successful sign-in. */
export function needsRehash(storedHash: string): boolean {
  try {
    const o = parseOptions(storedHash);
    return (
      o.algorithm !== ARGON2_PARAMS.algorithm ||
      o.memoryCost !== ARGON2_PARAMS.memoryCost ||
      o.timeCost !== ARGON2_PARAMS.timeCost ||
      o.parallelism !== ARGON2_PARAMS.parallelism
    );
  } catch {
    return true;
  }
}

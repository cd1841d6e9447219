/**
 * Unique Pupil Numbers (UPN), as described in ../shared/mis-format.md.
 *
 * A UPN is a check letter followed by 12 characters: 3-digit local authority,
 * 4-digit establishment, 2-digit year of allocation and a 3-digit serial. A
 * temporary UPN ends in a letter instead of the last digit. Transfers between
 * schools match pupils by UPN, so a UPN whose check letter is wrong must never
 * be stored: a typo would otherwise attach one child's file to another child.
 *
 * Pure module: no I/O, safe to use from the importer, the seed generator and
 * the browser alike.
 */

/** The 23 letters used for check letters and for the last letter of a temporary UPN (no I, O or S). */
export const UPN_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

export type UpnParseResult = { ok: true; upn: string; temporary: boolean } | { ok: false; reason: string };

const BODY_PATTERN = /^[0-9]{11}[0-9ABCDEFGHJKLMNPQRTUVWXYZ]$/;
const UPN_PATTERN = /^[ABCDEFGHJKLMNPQRTUVWXYZ][0-9]{11}[0-9ABCDEFGHJKLMNPQRTUVWXYZ]$/;

function characterValue(ch: string): number {
  const code = ch.charCodeAt(0);
  // Digits count as themselves; a temporary UPN's final letter counts as its position in UPN_LETTERS.
  if (code >= 48 && code <= 57) return code - 48;
  return UPN_LETTERS.indexOf(ch);
}

/**
 * The check letter for the 12 characters that follow it (2nd to 13th of the UPN).
 * Throws on a malformed body: callers generating UPNs must never produce one.
 */
export function computeUpnCheckLetter(body: string): string {
  if (!BODY_PATTERN.test(body)) {
    throw new Error(`A UPN body is 11 digits then a digit or a letter of ${UPN_LETTERS}; got "${body}"`);
  }
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    // The body starts at the UPN's 2nd character, which has weight 2.
    sum += characterValue(body.charAt(i)) * (i + 2);
  }
  return UPN_LETTERS.charAt(sum % 23);
}

/** Builds a full UPN from its 12-character body by prefixing the right check letter. */
export function withUpnCheckLetter(body: string): string {
  return computeUpnCheckLetter(body) + body;
}

/**
 * Checks a UPN as it arrives from an MIS. Surrounding spaces and lower case are
 * forgiven (they never change which pupil is meant); anything else that is not
 * exactly a well-formed UPN with the right check letter is refused with a reason
 * a school administrator can act on.
 */
export function parseUpn(raw: string): UpnParseResult {
  const upn = raw.trim().toUpperCase();
  if (upn.length !== 13) {
    return { ok: false, reason: `a UPN has 13 characters; this one has ${upn.length}` };
  }
  if (!UPN_PATTERN.test(upn)) {
    return {
      ok: false,
      reason: 'a UPN is a check letter, 11 digits, then a digit (or a letter for a temporary UPN)',
    };
  }
  const expected = computeUpnCheckLetter(upn.slice(1));
  if (upn.charAt(0) !== expected) {
    return { ok: false, reason: `the check letter should be ${expected}, not ${upn.charAt(0)}` };
  }
  return { ok: true, upn, temporary: isTemporaryShape(upn) };
}

/** True when `upn` is exactly a valid UPN (already normalised: upper case, no spaces). */
export function isValidUpn(upn: string): boolean {
  if (!UPN_PATTERN.test(upn)) return false;
  return upn.charAt(0) === computeUpnCheckLetter(upn.slice(1));
}

/** True when `upn` is a valid temporary UPN (ends in a letter). */
export function isTemporaryUpn(upn: string): boolean {
  return isValidUpn(upn) && isTemporaryShape(upn);
}

function isTemporaryShape(upn: string): boolean {
  const last = upn.charCodeAt(12);
  return last < 48 || last > 57;
}

/**
 * Field rules shared by the four files. Each returns the value to store or a
 * reason a school administrator can act on; none of them guesses (a date the
 * MIS wrote as 14/03/2013 is an error, not a silent reinterpretation).
 *
 * Pure module.
 */

import { isLongerThan, tooLongReason } from './limits';

export type FieldResult<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): FieldResult<T> => ({ ok: true, value });
const bad = (reason: string): FieldResult<never> => ({ ok: false, reason });

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;
const HYPHEN = 0x2d;

/** The decimal number written by s[from, from + n), or -1 if any of those is not a digit 0–9. */
function digitsAt(s: string, from: number, n: number): number {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const d = s.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** `YYYY-MM-DD` naming a real calendar day. Read character by character: it runs for every mark of a file. */
export function isIsoDate(s: string): boolean {
  if (s.length !== 10 || s.charCodeAt(4) !== HYPHEN || s.charCodeAt(7) !== HYPHEN) return false;
  const y = digitsAt(s, 0, 4);
  const mo = digitsAt(s, 5, 2);
  const d = digitsAt(s, 8, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const days = mo === 2 && leap ? 29 : DAYS_IN_MONTH[mo - 1]!;
  return d <= days && y >= 1900 && y <= 2200;
}

/** Trimmed and present; with `max`, at most that many characters (an identifier or a name: a longer one skips the row). */
export function requiredText(raw: string, max?: number): FieldResult<string> {
  const v = raw.trim();
  if (v === '') return bad('a value is required');
  return max !== undefined && isLongerThan(v, max) ? bad(tooLongReason(max, 'skip-row')) : ok(v);
}

/** Blank → null; otherwise trimmed, and at most `max` characters (a name: a longer one skips the row). */
export function optionalName(raw: string, max: number): FieldResult<string | null> {
  const v = raw.trim();
  if (v === '') return ok(null);
  return isLongerThan(v, max) ? bad(tooLongReason(max, 'skip-row')) : ok(v);
}

export function requiredDate(raw: string): FieldResult<string> {
  const v = raw.trim();
  if (v === '') return bad('a date is required');
  return isIsoDate(v) ? ok(v) : bad(`"${clip(v)}" is not a date written YYYY-MM-DD`);
}

export function optionalDate(raw: string): FieldResult<string | null> {
  const v = raw.trim();
  if (v === '') return ok(null);
  return isIsoDate(v) ? ok(v) : bad(`"${clip(v)}" is not a date written YYYY-MM-DD`);
}

/** `Y` or `N`, blank = `N` (case-insensitive). */
export function flag(raw: string): FieldResult<boolean> {
  const v = raw.trim().toUpperCase();
  if (v === '' || v === 'N') return ok(false);
  if (v === 'Y') return ok(true);
  return bad(`"${clip(raw.trim())}" is not a flag: write Y or N (blank means N)`);
}

export function senStatus(raw: string): FieldResult<'N' | 'K' | 'E' | null> {
  const v = raw.trim().toUpperCase();
  if (v === '') return ok(null);
  if (v === 'N' || v === 'K' || v === 'E') return ok(v);
  return bad(`"${clip(raw.trim())}" is not a SEN code: N (no SEN), K (SEN support) or E (EHC plan)`);
}

export function contract(raw: string): FieldResult<'full-time' | 'part-time' | null> {
  const v = raw.trim().toLowerCase();
  if (v === '') return ok(null);
  if (v === 'full-time' || v === 'part-time') return ok(v);
  return bad(`"${clip(raw.trim())}" is not a contract: full-time or part-time`);
}

/** A contact's priority: a whole number from 1 (first contact), or blank. */
export function priority(raw: string): FieldResult<number | null> {
  const v = raw.trim();
  if (v === '') return ok(null);
  if (!/^\d{1,4}$/.test(v) || Number(v) < 1)
    return bad(`"${clip(v)}" is not a priority: a whole number from 1 (first contact)`);
  return ok(Number(v));
}

export function session(raw: string): FieldResult<'AM' | 'PM'> {
  const v = raw.trim().toUpperCase();
  if (v === 'AM' || v === 'PM') return ok(v);
  return bad(v === '' ? 'a session is required: AM or PM' : `"${clip(raw.trim())}" is not a session: AM or PM`);
}

/** `;`-separated list, blanks dropped. */
export function list(raw: string): string[] {
  return raw
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Values quoted in reasons are cut short: a reason is one readable line. */
export function clip(s: string, max = 40): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/**
 * Fingerprints that let an identical re-import write nothing: a row hash of
 * what the importer would store, and an order-independent digest of a pupil's
 * marks in an attendance file (the file need not be sorted, and is read in one
 * streaming pass, so the digest is a sum of per-mark hashes).
 */
import { createHash } from 'node:crypto';
import { dateInZone } from '@/lib/schools/today';

/** Hash of the values a row stores, in a fixed order. */
export function rowHash(values: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(values)).digest('base64url').slice(0, 32);
}

/** 32-bit FNV-1a of a string with a seed; two seeds give two independent lanes. */
function fnv1a(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // A final avalanche, so similar marks (consecutive dates) spread over all bits.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** The running digest of one pupil's marks. */
export class MarksDigest {
  private count = 0;
  private a = 0;
  private b = 0;
  private c = 0;

  add(date: string, session: string, code: string): void {
    const s = `${date}|${session}|${code}`;
    this.count++;
    this.a = (this.a + fnv1a(s, 0x811c9dc5)) >>> 0;
    this.b = (this.b + fnv1a(s, 0x050c5d1f)) >>> 0;
    this.c = (this.c + fnv1a(s, 0x2f0a3b17)) >>> 0;
  }

  toString(): string {
    return `${this.count}.${this.a.toString(36)}.${this.b.toString(36)}.${this.c.toString(36)}`;
  }
}

/** Today's date (YYYY-MM-DD) in the school's time zone. */
export function localDate(timeZone: string, now: Date): string {
  return dateInZone(timeZone, now);
}

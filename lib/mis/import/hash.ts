/**
 * Fingerprints that let an identical re-import write nothing: a row hash of
 * what the importer would store, and an order-independent digest of a pupil's
 * marks in an attendance file (the file need not be sorted, and is read in one
 * streaming pass, so the digest is a sum of per-mark hashes).
 */
import { createHash } from 'node:crypto';

/** Hash of the values a row stores, in a fixed order. */
export function rowHash(values: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(values)).digest('base64url').slice(0, 32);
}

const FNV_PRIME = 0x01000193;
const BAR = '|'.charCodeAt(0);

/** A final avalanche of a 32-bit FNV-1a state, so similar marks (consecutive dates) spread over all bits. */
function avalanche(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The running digest of one pupil's marks: the count and three independent
 * 32-bit sums of FNV-1a hashes (different seeds) of `date|session|code`. The
 * three lanes are computed in one pass over the characters, without building
 * the string (this runs for every mark of the file).
 */
export class MarksDigest {
  private count = 0;
  private a = 0;
  private b = 0;
  private c = 0;
  private ha = 0;
  private hb = 0;
  private hc = 0;

  private feed(s: string): void {
    for (let i = 0; i < s.length; i++) this.feedChar(s.charCodeAt(i));
  }

  private feedChar(ch: number): void {
    this.ha = Math.imul(this.ha ^ ch, FNV_PRIME) >>> 0;
    this.hb = Math.imul(this.hb ^ ch, FNV_PRIME) >>> 0;
    this.hc = Math.imul(this.hc ^ ch, FNV_PRIME) >>> 0;
  }

  add(date: string, session: string, code: string): void {
    this.ha = 0x811c9dc5;
    this.hb = 0x050c5d1f;
    this.hc = 0x2f0a3b17;
    this.feed(date);
    this.feedChar(BAR);
    this.feed(session);
    this.feedChar(BAR);
    this.feed(code);
    this.count++;
    this.a = (this.a + avalanche(this.ha)) >>> 0;
    this.b = (this.b + avalanche(this.hb)) >>> 0;
    this.c = (this.c + avalanche(this.hc)) >>> 0;
  }

  toString(): string {
    return `${this.count}.${this.a.toString(36)}.${this.b.toString(36)}.${this.c.toString(36)}`;
  }
}

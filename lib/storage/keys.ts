/**
 * Blob key rules, shared by every driver so that a key accepted by one store is
 * accepted by all of them (a deployment can move from the local folder to S3
 * without a key becoming unreadable), and so that no key can ever escape the
 * local store's folder.
 *
 * A key is one or more segments joined by `/`:
 * - not empty, at most 1024 UTF-8 bytes (S3's limit);
 * - no leading `/` (absolute path) and no empty segment (`a//b`, trailing `/`);
 * - no backslash (a path separator on Windows) and no control characters
 *   (NUL truncates paths in C APIs; newlines break logs and headers);
 * - no segment starting with `.`: this refuses `.` and `..` (traversal) and
 *   also reserves dot-names for the local driver's own bookkeeping (its staging
 *   folder for atomic writes), so a stored object can never collide with it;
 * - each segment at most 255 UTF-8 bytes, the file-name limit of common file
 *   systems, so the local driver can store every key S3 can.
 */

export class InvalidBlobKeyError extends Error {
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`Invalid blob key ${JSON.stringify(key)}: ${reason}`);
    this.name = 'InvalidBlobKeyError';
  }
}

const MAX_KEY_BYTES = 1024;
const MAX_SEGMENT_BYTES = 255;
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkSegments(original: string, body: string): void {
  for (const segment of body.split('/')) {
    if (segment === '') throw new InvalidBlobKeyError(original, 'empty path segment');
    if (segment.startsWith('.')) {
      throw new InvalidBlobKeyError(original, 'a path segment may not start with "." (no "." or ".." or hidden names)');
    }
    if (Buffer.byteLength(segment, 'utf8') > MAX_SEGMENT_BYTES) {
      throw new InvalidBlobKeyError(original, `a path segment is longer than ${MAX_SEGMENT_BYTES} bytes`);
    }
  }
}

function checkCharacters(original: string): void {
  if (typeof original !== 'string') throw new InvalidBlobKeyError(String(original), 'not a string');
  if (Buffer.byteLength(original, 'utf8') > MAX_KEY_BYTES) {
    throw new InvalidBlobKeyError(original, `longer than ${MAX_KEY_BYTES} bytes`);
  }
  if (original.includes('\\')) throw new InvalidBlobKeyError(original, 'backslashes are not allowed');
  if (CONTROL_CHARS.test(original)) throw new InvalidBlobKeyError(original, 'control characters are not allowed');
  if (original.startsWith('/')) throw new InvalidBlobKeyError(original, 'absolute paths are not allowed');
  if (LONE_SURROGATE.test(original)) {
    // A lone surrogate has no UTF-8 form: S3 and the file system would each mangle it differently.
    throw new InvalidBlobKeyError(original, 'not valid Unicode');
  }
}

/** Throws InvalidBlobKeyError unless `key` names an object. */
export function assertValidKey(key: string): void {
  checkCharacters(key);
  if (key === '') throw new InvalidBlobKeyError(key, 'empty key');
  checkSegments(key, key);
}

/**
 * Throws unless `prefix` is usable with list(): empty (everything), or a key,
 * or a key followed by `/`. The same segment rules apply, so a prefix cannot
 * point the local driver outside its folder either.
 */
export function assertValidPrefix(prefix: string): void {
  checkCharacters(prefix);
  if (prefix === '') return;
  checkSegments(prefix, prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
}

/**
 * Orders keys the way S3 does (by UTF-8 bytes), which differs from JavaScript's
 * UTF-16 order for some non-ASCII characters; every driver sorts with this.
 */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * The one check for every "go back to" path a request carries (a form's
 * `from`, a stored next page): only a path on this same origin comes back,
 * anything else becomes the fallback. Browsers read `\` as `/` and drop tabs
 * and newlines inside URLs, so `/\evil.example` or `/<tab>/evil.example` is
 * another site (`//evil.example`); those, encoded forms that decode to them,
 * and any control character are refused outright rather than repaired.
 */
const BASE = 'http://return-path.invalid';
const MAX_LENGTH = 1000;

function decodesToSomethingDangerous(path: string): boolean {
  let current = path;
  // Decoded a few times over: a server or browser further on may decode again.
  for (let i = 0; i < 3; i++) {
    if (/[\\\u0000-\u001f\u007f]/.test(current) || /^\/{2}/.test(current) || /^[a-z][a-z0-9+.-]*:/i.test(current))
      return true;
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return true; // malformed escapes: not something the app wrote
    }
    if (next === current) return false;
    current = next;
  }
  return true;
}

/** `raw` if it is a path on this origin ("/students?x=1#y"), otherwise `fallback`. */
export function safeReturnPath(raw: unknown, fallback = '/'): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_LENGTH) return fallback;
  if (!raw.startsWith('/') || decodesToSomethingDangerous(raw)) return fallback;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return fallback;
  }
  // Dot segments can leave "//host" behind once resolved ("/.//evil.example").
  if (url.origin !== BASE || url.pathname.startsWith('//')) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

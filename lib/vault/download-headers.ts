/**
 * Response headers for a document download: the stored type (read from the
 * content at upload), `attachment` for everything but images and PDFs (which
 * a browser may show inline), a file name encoded for every browser, nosniff,
 * and no caching anywhere but this browser's own memory of the response.
 * HTML and SVG are never accepted as documents, and even so would never be
 * inline here. Pure: unit-tested.
 *
 * Each response carries its own Content-Security-Policy, stricter than the
 * pages' (the proxy sends these paths the same policy, never the pages' one):
 * nothing may load and the document is a sandbox (a unique origin, no script,
 * no forms, no plugins' reach into Haven), so even a file that slipped past the
 * type check could not act as a page of this site. Chromium's PDF viewer and
 * its picture view work under it (tests/e2e/vault.spec.ts opens both); the
 * picture view only loses its own inline styles (centring, dark background).
 */

/** The policy of every document and zip response. */
export const DOCUMENT_CSP = "default-src 'none'; sandbox";
/** The browser may keep the bytes for this response only; no shared cache ever. */
export const DOCUMENT_CACHE_CONTROL = 'private, no-store';

/**
 * The download and zip routes of a pupil's vault (not the upload), and an
 * incident's file route, and a library file's (lib/library): the proxy leaves
 * their headers to them.
 */
export const DOCUMENT_ROUTE =
  /^\/(?:students\/[^/]+\/documents\/(?!upload$)[^/]+|incidents\/[^/]+\/files\/[^/]+|library\/(?!upload$)[^/]+)$/;

const INLINE_TYPES = new Set(['application/pdf', 'image/jpeg', 'image/png', 'image/gif']);

/** `filename` is an ASCII fallback (quotes, backslashes and controls replaced); `filename*` carries the real name. */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_') || 'document';
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export function downloadHeaders(doc: { name: string; contentType: string; size: number }, forceDownload: boolean) {
  const inline = !forceDownload && INLINE_TYPES.has(doc.contentType);
  const type = doc.contentType.startsWith('text/') ? `${doc.contentType}; charset=utf-8` : doc.contentType;
  return {
    'content-type': inline ? doc.contentType : type,
    'content-length': String(doc.size),
    'content-disposition': contentDisposition(inline ? 'inline' : 'attachment', doc.name),
    'x-content-type-options': 'nosniff',
    'cache-control': DOCUMENT_CACHE_CONTROL,
    'content-security-policy': DOCUMENT_CSP,
  };
}

export function zipHeaders(name: string) {
  return {
    'content-type': 'application/zip',
    'content-disposition': contentDisposition('attachment', name),
    'x-content-type-options': 'nosniff',
    'cache-control': DOCUMENT_CACHE_CONTROL,
    'content-security-policy': DOCUMENT_CSP,
  };
}

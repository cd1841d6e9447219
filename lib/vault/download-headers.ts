/**
 * Response headers for a document download: the stored type (read from the
 * content at upload), `attachment` for everything but images and PDFs (which
 * a browser may show inline), a file name encoded for every browser, nosniff,
 * and no caching anywhere but this browser's own memory of the response.
 * HTML and SVG are never accepted as documents, and even so would never be
 * inline here. Pure: unit-tested.
 */

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
    'cache-control': 'private, no-store',
  };
}

export function zipHeaders(name: string) {
  return {
    'content-type': 'application/zip',
    'content-disposition': contentDisposition('attachment', name),
    'x-content-type-options': 'nosniff',
    'cache-control': 'private, no-store',
  };
}

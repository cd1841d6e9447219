export { DOCUMENT_CACHE_CONTROL, DOCUMENT_CSP, DOCUMENT_ROUTE } from '@/lib/vault/download-headers';

/**
 * The Content-Security-Policy for one response. A fresh nonce per request lets
 * Next.js's own inline scripts run and nothing else; no unsafe-eval in
 * production (development needs it for React's debugging tools).
 */
export function buildCsp(
  nonce: string,
  opts: { production: boolean; protocol: 'http' | 'https'; rootDomain: string },
): string {
  const script = [`'self'`, `'nonce-${nonce}'`, `'strict-dynamic'`, ...(opts.production ? [] : [`'unsafe-eval'`])];
  // Forms may post to this origin, and hop to the root domain or another school
  // (the school switcher goes through the root domain).
  const formTargets = [`'self'`, `${opts.protocol}://${opts.rootDomain}`, `${opts.protocol}://*.${opts.rootDomain}`];
  return [
    `default-src 'self'`,
    `script-src ${script.join(' ')}`,
    // Tailwind ships a stylesheet; React and chart.js set style attributes.
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `font-src 'self'`,
    `connect-src 'self'`,
    `object-src 'none'`,
    `base-uri 'none'`,
    `form-action ${formTargets.join(' ')}`,
    `frame-ancestors 'none'`,
    ...(opts.protocol === 'https' ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

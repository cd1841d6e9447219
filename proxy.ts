/**
 * Routing only: host → which part of the app answers, plus the headers every
 * response needs. It never decides access: pages and actions resolve the school
 * from the Host header again (lib/tenancy/context.ts) and check permissions.
 *
 * - `<slug>.<root>`: rewritten into app/s/ (the school's part of the app).
 * - the root domain: the school finder, /dev/mail; app/s/ is not reachable there.
 * - any other host: 404.
 * State-changing requests whose Origin is not exactly this host's origin are refused.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { getConfig } from '@/lib/config';
import { buildCsp } from '@/lib/http/csp';
import { isAllowedOrigin, isStateChanging } from '@/lib/http/origin';
import { parseHost } from '@/lib/tenancy/host';

export function proxy(request: NextRequest) {
  const config = getConfig();
  const host = request.headers.get('host');
  const target = parseHost(host, config.rootDomain);
  const production = config.env === 'production';

  if (isStateChanging(request.method) && !isAllowedOrigin(request.headers.get('origin'), host, config.protocol)) {
    return new NextResponse('This request came from another site and was refused.', {
      status: 403,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
    });
  }

  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const csp = buildCsp(nonce, { production, protocol: config.protocol, rootDomain: config.rootDomain });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', csp);
  // Never trust a forwarded host from the client: the tenant comes from Host.
  requestHeaders.delete('x-forwarded-host');

  const url = request.nextUrl.clone();
  const path = url.pathname;
  if (target.kind === 'school') {
    url.pathname = `/s${path === '/' ? '' : path}`;
  } else if (target.kind === 'root') {
    if (path === '/s' || path.startsWith('/s/')) url.pathname = '/_unknown';
  } else {
    url.pathname = '/_unknown';
  }

  const response = NextResponse.rewrite(url, { request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', csp);
  // Pages carry pupil data: never stored by the browser or a shared cache.
  response.headers.set('cache-control', 'no-store, max-age=0');
  if (config.protocol === 'https') {
    response.headers.set('strict-transport-security', 'max-age=63072000; includeSubDomains');
  }
  return response;
}

export const config = {
  // Everything but Next's static build output and the favicon.
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};

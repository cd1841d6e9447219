/**
 * The edge of every request: the headers every response needs, a host that is
 * neither the root domain nor a school's subdomain turned away, and
 * state-changing requests whose Origin is not exactly this host's origin
 * refused. It never decides access: pages and actions resolve the school from
 * the Host header again (lib/http/context.ts) and check permissions, and the
 * route groups app/(school) and app/(root) check which kind of host they are on.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { getConfig } from '@/lib/config';
import { buildCsp, DOCUMENT_CACHE_CONTROL, DOCUMENT_CSP, DOCUMENT_ROUTE } from '@/lib/http/csp';
import { isAllowedOrigin, isMachinePath, isStateChanging } from '@/lib/http/origin';
import { PEER_HEADER, readPeerStamp } from '@/lib/http/peer-stamp';
import { parseHost } from '@/lib/tenancy/host';

const UNKNOWN_HOST_PAGE = `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Not found · Haven</title></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#0f172a"><h1>We couldn’t find that page</h1><p>This address is not a Haven school. Check the address you typed.</p></body></html>`;

const MAP_IMAGE_PATH = /^\/maps\/[0-9a-f-]{36}\/image$/;

export function proxy(request: NextRequest) {
  const config = getConfig();
  const host = request.headers.get('host');
  const target = parseHost(host, config.rootDomain);
  const production = config.env === 'production';

  // The integrations API is called by servers, with a token and no cookie: it needs no Origin (lib/http/origin.ts).
  if (
    isStateChanging(request.method) &&
    !isMachinePath(request.nextUrl.pathname) &&
    !isAllowedOrigin(request.headers.get('origin'), host, config.protocol)
  ) {
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
  // The peer address comes only from Haven's own server (lib/http/peer-stamp.ts): a stamp without its token is a forgery.
  if (readPeerStamp(requestHeaders.get(PEER_HEADER), config.peerToken) === null) requestHeaders.delete(PEER_HEADER);

  if (target.kind === 'unknown') {
    // Not a name Haven serves (an IP address, another domain, a malformed slug).
    return new NextResponse(UNKNOWN_HOST_PAGE, {
      status: 404,
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
      },
    });
  }

  // No rewrites: route groups check the host themselves (app/(school), app/(root)).
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  // A pupil's document or zip has its own strict policy (lib/vault/download-headers.ts), set here as well so that a
  // refusal from its route has it too, and the pages' policy is never sent with or instead of it.
  const documentRoute = DOCUMENT_ROUTE.test(request.nextUrl.pathname);
  response.headers.set('content-security-policy', documentRoute ? DOCUMENT_CSP : csp);
  // Pages carry pupil data: never stored by the browser or a shared cache. An
  // uploaded map's picture holds none and never changes under its id: its route
  // lets this browser alone keep it (`private`), so forms do not fetch it again.
  if (documentRoute) response.headers.set('cache-control', DOCUMENT_CACHE_CONTROL);
  else if (!MAP_IMAGE_PATH.test(request.nextUrl.pathname)) response.headers.set('cache-control', 'no-store, max-age=0');
  if (config.protocol === 'https') {
    response.headers.set('strict-transport-security', 'max-age=63072000; includeSubDomains');
  }
  return response;
}

export const config = {
  // Everything but Next's static build output, the favicon, and the uploads
  // of large files (an MIS extract, a pupil's documents, an incident's or
  // action's attachments): a proxy holds a
  // request's body in memory and cuts it at 10 MB. Those handlers check the
  // Origin, the school and the person themselves
  // (app/(school)/(signed-in)/admin/imports/upload/route.ts, …/students/[studentId]/documents/upload/route.ts,
  // …/incidents/attachments/route.ts, …/library/upload/route.ts).
  matcher: [
    '/((?!_next/static|_next/image|favicon.ico|admin/imports/upload$|students/[^/]+/documents/upload$|incidents/attachments$|library/upload$).*)',
  ],
};

/**
 * The route handler of POST /api/v1/concerns (lib/integrations/api.ts does the
 * work). Machine to machine: no session cookie is read and no Origin is
 * needed (proxy.ts lets exactly this path through without its Origin check:
 * ./origin.ts, isMachinePath). The school is the Host header's, as for every
 * page: a token works only at its own school's address; the root domain and a
 * disabled school answer as if the token were unknown, naming no school.
 */
import 'server-only';
import { getConfig } from '@/lib/config';
import { receiveConcern, UNAUTHORISED, type ApiAnswer } from '@/lib/integrations';
import { findSchoolBySlug } from '@/lib/schools/queries';
import { makeCtx } from '@/lib/tenancy/make-ctx';
import { parseHost } from '@/lib/tenancy/host';
import { requestAddress } from './request-address';

export function apiResponse(a: ApiAnswer): Response {
  return new Response(JSON.stringify(a.body), {
    status: a.status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...a.headers,
    },
  });
}

export async function concernsRoute(request: Request): Promise<Response> {
  const config = getConfig();
  const target = parseHost(request.headers.get('host'), config.rootDomain);
  const school = target.kind === 'school' ? await findSchoolBySlug(target.slug) : null;
  if (!school || school.disabled) {
    return apiResponse({ status: 401, body: { error: UNAUTHORISED }, headers: { 'www-authenticate': 'Bearer' } });
  }
  const ctx = makeCtx(school, null, {
    ip: requestAddress(request.headers, config),
    userAgent: request.headers.get('user-agent'),
  });
  try {
    return apiResponse(
      await receiveConcern(ctx, {
        url: new URL(request.url),
        authorization: request.headers.get('authorization'),
        contentType: request.headers.get('content-type'),
        body: request.body,
      }),
    );
  } catch (e) {
    // Never the request (its token, its text): only a reference to find this line by.
    const ref = crypto.randomUUID().slice(0, 8);
    console.error(`[api error ${ref}]`, e instanceof Error ? e.name : 'error');
    return apiResponse({
      status: 500,
      body: { error: `Something went wrong and nothing was saved (reference ${ref}).` },
    });
  }
}

/** Anything but POST on the concerns endpoint: it never reads. */
export function methodNotAllowed(): Response {
  return apiResponse({ status: 405, body: { error: 'Only POST is accepted.' }, headers: { allow: 'POST' } });
}

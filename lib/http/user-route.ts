/**
 * The checks a route handler for signed-in staff makes before it reads or
 * writes (the document vault's downloads and uploads): the Origin for a
 * state-changing request (the vault's upload path is left out of the proxy,
 * which would hold its body in memory, so this is its only Origin check), the
 * request's school and person; and how a refusal from the services is
 * answered, without saying more than the pages do.
 */
import 'server-only';
import { headers } from 'next/headers';
import { getConfig } from '@/lib/config';
import { NotAllowedError, NotFoundError } from '@/lib/errors';
import type { UserCtx } from '@/lib/tenancy/context';
import { plainResponse } from './admin-route';
import { getCtx } from './context';
import { isAllowedOrigin } from './origin';
import { OTHER_SITE } from './action';

export async function userRouteCtx(opts: { stateChanging: boolean }): Promise<UserCtx | Response> {
  if (opts.stateChanging) {
    const h = await headers();
    if (!isAllowedOrigin(h.get('origin'), h.get('host'), getConfig().protocol)) return plainResponse(403, OTHER_SITE);
  }
  const ctx = await getCtx();
  if (!ctx.user) return plainResponse(401, 'Sign in first.');
  return ctx as UserCtx;
}

/** A refusal as a response (404 for anything out of reach, 403 with its message otherwise); anything else is rethrown. */
export function refusalResponse(e: unknown, notFound: string): Response {
  if (e instanceof NotFoundError) return plainResponse(404, notFound);
  if (e instanceof NotAllowedError) return plainResponse(403, e.message);
  throw e;
}

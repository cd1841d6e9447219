/**
 * The checks a route handler of the admin area makes before it reads or
 * writes: the request's context (school from the Host header, person from the
 * session), and administration with a key used this session (lib/admin).
 * State-changing handlers also check the Origin here, because the proxy is
 * never the only check (and does not run at all for the upload route).
 */
import 'server-only';
import { headers } from 'next/headers';
import { adminAccess, ELEVATE_FOR_ADMIN } from '@/lib/admin';
import { getConfig } from '@/lib/config';
import type { UserCtx } from '@/lib/tenancy/context';
import { getCtx } from './context';
import { isAllowedOrigin } from './origin';

export function plainResponse(status: number, text: string, extra: Record<string, string> = {}): Response {
  return new Response(text, {
    status,
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...extra,
    },
  });
}

/** The administrator's context, or the response that refuses the request. */
export async function adminRouteCtx(opts: { stateChanging: boolean }): Promise<UserCtx | Response> {
  if (opts.stateChanging) {
    const h = await headers();
    if (!isAllowedOrigin(h.get('origin'), h.get('host'), getConfig().protocol)) {
      return plainResponse(403, 'This request came from another site and was refused.');
    }
  }
  const ctx = await getCtx();
  if (!ctx.user) return plainResponse(401, 'Sign in first.');
  const access = adminAccess(ctx);
  if (access === 'needs_elevation') return plainResponse(403, ELEVATE_FOR_ADMIN);
  if (access !== 'allowed') return plainResponse(403, 'You do not have permission to do that.');
  return ctx as UserCtx;
}

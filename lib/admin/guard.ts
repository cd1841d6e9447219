/**
 * The admin area's permission check. Administration needs the group's
 * 'administration' permission and a key used this session (lib/access decides
 * both); every lib/admin function calls `requireAdmin` on its first line.
 */
import 'server-only';
import { decide, sessionSubject } from '@/lib/access';
import { NotAllowedError } from '@/lib/errors';
import type { Ctx, UserCtx } from '@/lib/tenancy/context';

export const ELEVATE_FOR_ADMIN = 'Elevate your access to use administration.';

export type AdminAccess = 'allowed' | 'needs_elevation' | 'not_allowed';

/** What the admin pages show: the area, a prompt to use the key, or a refusal. */
export function adminAccess(ctx: Ctx): AdminAccess {
  if (!ctx.user) return 'not_allowed';
  const decision = decide(sessionSubject(ctx as UserCtx), 'admin.use');
  if (decision.allowed) return 'allowed';
  return decision.reason === 'needs_elevation' ? 'needs_elevation' : 'not_allowed';
}

/** Throws unless the signed-in person may use administration in this school right now. */
export function requireAdmin(ctx: Ctx): asserts ctx is UserCtx {
  const access = adminAccess(ctx);
  if (access === 'allowed') return;
  throw new NotAllowedError(access === 'needs_elevation' ? ELEVATE_FOR_ADMIN : undefined);
}

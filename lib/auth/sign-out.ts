import 'server-only';
import { recordOwnSecurityEvent } from './audit';
import { revokeSession } from './sessions';
import type { UserCtx } from '@/lib/tenancy/context';

/** Ends this browser's session (the row is kept, revoked, for the security log). */
export async function signOut(ctx: UserCtx, now = new Date()): Promise<void> {
  await ctx.run(async (tx) => {
    await revokeSession(tx, ctx.school.id, ctx.user.sessionId, 'signed_out', now);
    await recordOwnSecurityEvent(tx, ctx, 'auth.signed_out', undefined, now);
  });
}

/**
 * A person's own security log, for their Security keys page: the sign-ins,
 * key uses, refusals and key changes recorded about them in this school (the
 * same auth.* rows an administrator sees on Admin → Users → Security log). So
 * someone whose password is being tried, or whose key is being guessed, can
 * see it for themselves.
 */
import 'server-only';
import { and, eq, like, or } from 'drizzle-orm';
import { auditLog } from '@/db/schema';
import { auditNewestFirst } from '@/lib/audit/queries';
import type { UserCtx } from '@/lib/tenancy/context';

export const MY_SECURITY_LOG_SIZE = 20;

export interface MySecurityEvent {
  id: string;
  at: Date;
  action: string;
  ip: string | null;
}

export async function listMySecurityEvents(ctx: UserCtx): Promise<MySecurityEvent[]> {
  const me = ctx.user.id;
  return ctx.run((tx) =>
    tx
      .select({ id: auditLog.id, at: auditLog.at, action: auditLog.action, ip: auditLog.ip })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.schoolId, ctx.school.id),
          like(auditLog.action, 'auth.%'),
          or(eq(auditLog.actorUserId, me), and(eq(auditLog.entityType, 'user'), eq(auditLog.entityId, me))),
        ),
      )
      .orderBy(...auditNewestFirst())
      .limit(MY_SECURITY_LOG_SIZE),
  );
}

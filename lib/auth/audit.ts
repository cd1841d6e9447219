/** Security events (sign-ins, elevations, failures, key changes) in the school's append-only audit log (lib/audit). */
import 'server-only';
import type { Tx } from '@/db/scoped';
import type { AuditAction } from '@/lib/audit/events';
import { writeAudit } from '@/lib/audit/write';
import type { RequestMeta, UserCtx } from '@/lib/tenancy/context';

export type SecurityAction = Extract<AuditAction, `auth.${string}`>;

export async function recordSecurityEvent(
  tx: Tx,
  e: {
    schoolId: string;
    userId: string | null;
    action: SecurityAction;
    meta: RequestMeta;
    details?: Record<string, unknown>;
    at?: Date;
  },
): Promise<void> {
  await writeAudit<SecurityAction>(tx, {
    schoolId: e.schoolId,
    at: e.at ?? new Date(),
    actorUserId: e.userId,
    action: e.action,
    ...(e.userId ? { entityType: 'user', entityId: e.userId } : { entityType: null, entityId: null }),
    meta: e.meta,
    details: e.details,
  });
}

/** An event of the signed-in person in this request's school, with the request's address and browser. */
export async function recordOwnSecurityEvent(
  tx: Tx,
  ctx: UserCtx,
  action: SecurityAction,
  details: Record<string, unknown> | undefined,
  at: Date,
): Promise<void> {
  await recordSecurityEvent(tx, { schoolId: ctx.school.id, userId: ctx.user.id, action, meta: ctx.meta, details, at });
}

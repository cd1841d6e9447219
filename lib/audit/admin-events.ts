/** Administration changes (Admin, the MIS import, support's commands) in the school's append-only audit log, written in the same transaction as the change. */
import 'server-only';
import type { Tx } from '@/db/scoped';
import type { AuditAction, AuditEntityOf } from '@/lib/audit/events';
import { writeAudit } from '@/lib/audit/write';
import type { UserCtx } from '@/lib/tenancy/context';

export type AdminAction = Extract<AuditAction, `admin.${string}`>;

type AdminEvent<A extends AdminAction> = {
  action: A;
  entityType: AuditEntityOf<A>;
  entityId: string;
  details: Record<string, unknown>;
  at: Date;
};

/** The same events when no person acted: the MIS import (job or command) deactivating staff, support's commands. */
export async function recordSystemAdminEvent<A extends AdminAction>(
  tx: Tx,
  schoolId: string,
  e: AdminEvent<A> & { actorUserId: string | null; actorLabel: string | null },
): Promise<void> {
  await writeAudit<AdminAction>(tx, { schoolId, ...e });
}

export async function recordAdminEvent<A extends AdminAction>(tx: Tx, ctx: UserCtx, e: AdminEvent<A>): Promise<void> {
  await writeAudit<AdminAction>(tx, { schoolId: ctx.school.id, actorUserId: ctx.user.id, meta: ctx.meta, ...e });
}

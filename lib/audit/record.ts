/**
 * Audit rows for pupil records: every read of a pupil, incident, action or
 * document and every change, in the same transaction as the change. The pupil
 * goes into `details.studentId`, so a pupil's Audit tab can list everything
 * that touched them.
 */
import { randomUUID } from 'node:crypto';
import type { Tx } from '@/db/scoped';
import { auditLog } from '@/db/schema';
import type { UserCtx } from '@/lib/tenancy/context';

export type RecordEntity = 'student' | 'incident' | 'action';

export async function recordAudit(
  tx: Tx,
  ctx: UserCtx,
  e: { action: string; entityType: RecordEntity; entityId: string; studentId: string | null; details?: Record<string, unknown>; at: Date },
): Promise<void> {
  await tx.insert(auditLog).values({
    id: randomUUID(),
    schoolId: ctx.school.id,
    at: e.at,
    actorUserId: ctx.user.id,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    ip: ctx.meta.ip,
    userAgent: ctx.meta.userAgent?.slice(0, 500) ?? null,
    details: { ...(e.details ?? {}), ...(e.studentId ? { studentId: e.studentId } : {}) },
  });
}

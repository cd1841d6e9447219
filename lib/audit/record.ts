/**
 * Audit rows for pupil records: every read of a pupil, incident, action or
 * document and every change, in the same transaction as the change. The pupil
 * goes into `details.studentId`, so a pupil's Audit tab can list everything
 * that touched them.
 */
import 'server-only';
import type { Tx } from '@/db/scoped';
import type { UserCtx } from '@/lib/tenancy/context';
import type { AuditActionAbout, AuditEntityOf } from './events';
import { writeAudit } from './write';

export type RecordEntity = 'student' | 'incident' | 'action';

/** The events about a pupil, an incident or an action. */
export type RecordAction = AuditActionAbout<RecordEntity>;

/** The row's pupil, as every pupil event carries it, for their Audit tab. */
export function withStudent(
  details: Record<string, unknown> | undefined,
  studentId: string | null,
): Record<string, unknown> {
  return { ...(details ?? {}), ...(studentId ? { studentId } : {}) };
}

export async function recordAudit<A extends RecordAction>(
  tx: Tx,
  ctx: UserCtx,
  e: {
    action: A;
    entityType: AuditEntityOf<A>;
    entityId: string;
    studentId: string | null;
    details?: Record<string, unknown>;
    at: Date;
  },
): Promise<void> {
  await writeAudit<RecordAction>(tx, {
    schoolId: ctx.school.id,
    at: e.at,
    actorUserId: ctx.user.id,
    meta: ctx.meta,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    details: withStudent(e.details, e.studentId),
  });
}

/** Reads of a pupil's record and changes to Haven's information about them, in the school's append-only audit log. */
import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Tx } from '@/db/scoped';
import { auditLog } from '@/db/schema';
import type { UserCtx } from '@/lib/tenancy/context';

export type StudentAuditAction =
  | 'student.viewed'
  | 'student.profile_updated'
  | 'student.alert_staff_added'
  | 'student.alert_staff_removed'
  | 'student.link_added'
  | 'student.link_removed'
  | 'student.contact_added'
  | 'student.contact_updated'
  | 'student.contact_removed'
  | 'monitoring.started'
  | 'monitoring.ended';

export async function recordStudentEvent(
  tx: Tx,
  ctx: UserCtx,
  e: { action: StudentAuditAction; studentId: string; details?: Record<string, unknown>; at?: Date },
): Promise<void> {
  await tx.insert(auditLog).values({
    id: randomUUID(),
    schoolId: ctx.school.id,
    at: e.at ?? new Date(),
    actorUserId: ctx.user.id,
    action: e.action,
    entityType: 'student',
    entityId: e.studentId,
    ip: ctx.meta.ip,
    userAgent: ctx.meta.userAgent?.slice(0, 500) ?? null,
    details: e.details ?? {},
  });
}

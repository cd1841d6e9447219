/** Reads of a pupil's record and changes to Haven's information about them, in the school's append-only audit log. */
import 'server-only';
import type { Tx } from '@/db/scoped';
import { recordAudit } from '@/lib/audit/record';
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
  | 'document.uploaded'
  | 'document.viewed'
  | 'document.zip_downloaded'
  | 'transfer.exported'
  | 'document.deleted'
  | 'document.restored'
  | 'document.virus_refused'
  | 'document.alert_sent'
  | 'monitoring.started'
  | 'monitoring.ended';

/** A pupil's own event: the pupil is both the entity and the subject of the row (lib/audit/record.ts). */
export async function recordStudentEvent(
  tx: Tx,
  ctx: UserCtx,
  e: { action: StudentAuditAction; studentId: string; details?: Record<string, unknown>; at?: Date },
): Promise<void> {
  await recordAudit(tx, ctx, {
    action: e.action,
    entityType: 'student',
    entityId: e.studentId,
    studentId: e.studentId,
    details: e.details,
    at: e.at ?? new Date(),
  });
}

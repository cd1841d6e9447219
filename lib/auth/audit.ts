/** Security events (sign-ins, elevations, failures, key changes) in the school's append-only audit log. */
import { randomUUID } from 'node:crypto';
import type { Tx } from '@/db/scoped';
import { auditLog } from '@/db/schema';
import type { RequestMeta } from './types';

export type SecurityAction =
  | 'auth.signed_in'
  | 'auth.sign_in_failed'
  | 'auth.sign_in_throttled'
  | 'auth.signed_out'
  | 'auth.elevated'
  | 'auth.elevation_failed'
  | 'auth.totp_replay_refused'
  | 'auth.key_added'
  | 'auth.key_removed'
  | 'auth.password_reset_requested'
  | 'auth.password_changed'
  | 'auth.school_switch_refused';

export async function recordSecurityEvent(
  tx: Tx,
  e: { schoolId: string; userId: string | null; action: SecurityAction; meta: RequestMeta; details?: Record<string, unknown>; at?: Date },
): Promise<void> {
  await tx.insert(auditLog).values({
    id: randomUUID(),
    schoolId: e.schoolId,
    at: e.at ?? new Date(),
    actorUserId: e.userId,
    action: e.action,
    entityType: e.userId ? 'user' : null,
    entityId: e.userId,
    ip: e.meta.ip,
    userAgent: e.meta.userAgent?.slice(0, 500) ?? null,
    details: e.details ?? {},
  });
}

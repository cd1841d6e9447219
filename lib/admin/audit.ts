/** Admin changes in the school's append-only audit log, written in the same transaction as the change. */
import { randomUUID } from 'node:crypto';
import type { Tx } from '@/db/scoped';
import { auditLog } from '@/db/schema';
import type { UserCtx } from '@/lib/tenancy/context';

export type AdminAction =
  | 'admin.user_added'
  | 'admin.user_group_changed'
  | 'admin.user_email_changed'
  | 'admin.user_deactivated'
  | 'admin.user_reactivated'
  | 'admin.keys_removed'
  | 'admin.password_link_sent'
  | 'admin.settings_changed'
  | 'admin.group_created'
  | 'admin.group_updated'
  | 'admin.group_permissions_changed'
  | 'admin.alert_group_created'
  | 'admin.alert_group_updated'
  | 'admin.alert_group_archived'
  | 'admin.class_restriction_changed'
  | 'admin.alert_rules_changed'
  | 'admin.alerts_cleared'
  | 'admin.training_mode_enabled'
  | 'admin.training_records_viewed'
  | 'admin.training_mode_disabled';

export type AdminEntity = 'user' | 'user_group' | 'alert_group' | 'school';

/** The same events when no person acted: the MIS import (job or command) deactivating staff. */
export async function recordSystemAdminEvent(
  tx: Tx,
  schoolId: string,
  e: { actorUserId: string | null; actorLabel: string | null; action: AdminAction; entityType: AdminEntity; entityId: string; details: Record<string, unknown>; at: Date },
): Promise<void> {
  await tx.insert(auditLog).values({
    id: randomUUID(),
    schoolId,
    at: e.at,
    actorUserId: e.actorUserId,
    actorLabel: e.actorUserId ? null : e.actorLabel,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    details: e.details,
  });
}

export async function recordAdminEvent(
  tx: Tx,
  ctx: UserCtx,
  e: { action: AdminAction; entityType: AdminEntity; entityId: string; details: Record<string, unknown>; at: Date },
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
    details: e.details,
  });
}

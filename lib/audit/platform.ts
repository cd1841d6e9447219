/**
 * The platform's own audit log: what the deployment's operators did in the
 * console and with `npm run operator`, across schools. A separate table from
 * a school's log (which no operator page reads and no school reads this);
 * where an action affects a school, the caller writes that school's own row
 * too, in the same transaction (writeAudit).
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { desc } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { platformAuditLog } from '@/db/schema';

export const PLATFORM_EVENTS = {
  'operator.added': 'Operator added',
  'operator.removed': 'Operator removed',
  'console.signed_in': 'Signed in to the console',
  'console.sign_in_refused': 'Console sign-in refused',
  'console.elevated': 'Used a key in the console',
  'console.key_refused': 'Key code refused in the console',
  'console.key_added': 'Added a key from the console',
  'console.password_set': 'Set a password from an operator link',
  'console.signed_out': 'Signed out of the console',
  'school.created': 'School created',
  'school.disabled': 'School made unavailable',
  'school.enabled': 'School made available again',
  'support.answered': 'Support request answered',
  'support.closed': 'Support request closed',
  'sla.uploaded': 'Service-level agreement uploaded',
  'person.looked_up': 'Looked up a person by email',
  'person.added_to_school': 'Added a person to a school',
  'person.email_changed': 'Changed a person’s sign-in address everywhere',
  'person.keys_removed': 'Removed all of a person’s 2FA devices',
} as const;
export type PlatformAction = keyof typeof PLATFORM_EVENTS;

export interface PlatformAuditRow {
  action: PlatformAction;
  /** The operator who acted; null for the command line (then `actorLabel`). */
  actorUserId: string | null;
  actorLabel?: string | null;
  schoolId?: string | null;
  meta?: { ip: string | null; userAgent: string | null } | null;
  details?: Record<string, unknown>;
  at?: Date;
}

/** Appends one row, inside the caller's (privileged) transaction. */
export async function writePlatformAudit(tx: Tx, r: PlatformAuditRow): Promise<void> {
  await tx.insert(platformAuditLog).values({
    id: randomUUID(),
    at: r.at,
    actorUserId: r.actorUserId,
    actorLabel: r.actorUserId ? null : (r.actorLabel ?? null),
    action: r.action,
    affectedSchoolId: r.schoolId ?? null,
    ip: r.meta?.ip ?? null,
    userAgent: r.meta?.userAgent?.slice(0, 500) ?? null,
    details: r.details ?? {},
  });
}

/** The latest rows, newest first, for the console's Activity list. */
export function latestPlatformAudit(tx: Tx, limit = 100) {
  return tx
    .select({
      id: platformAuditLog.id,
      at: platformAuditLog.at,
      actorUserId: platformAuditLog.actorUserId,
      actorLabel: platformAuditLog.actorLabel,
      action: platformAuditLog.action,
      affectedSchoolId: platformAuditLog.affectedSchoolId,
      details: platformAuditLog.details,
    })
    .from(platformAuditLog)
    .orderBy(desc(platformAuditLog.at))
    .limit(limit);
}

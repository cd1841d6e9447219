/**
 * Audit rows about incidents and their actions: each carries the incident's
 * number (what people quote) and its pupil (for the pupil's Audit tab), so
 * every event names them the same way.
 */
import 'server-only';
import type { Tx } from '@/db/scoped';
import type { AuditActionAbout } from '@/lib/audit/events';
import { recordAudit } from '@/lib/audit/record';
import type { UserCtx } from '@/lib/tenancy/context';

interface IncidentRef {
  id: string;
  studentId: string;
  number: number;
}

/** An event about an incident: `details` after its number. */
export function recordIncidentEvent(
  tx: Tx,
  ctx: UserCtx,
  action: AuditActionAbout<'incident'>,
  incident: IncidentRef,
  details: Record<string, unknown>,
  at: Date,
): Promise<void> {
  const row = { entityType: 'incident' as const, entityId: incident.id, studentId: incident.studentId };
  return recordAudit(tx, ctx, { action, ...row, details: { number: incident.number, ...details }, at });
}

/** An event about an action on an incident: `details` after the incident's id and number. */
export function recordActionEvent(
  tx: Tx,
  ctx: UserCtx,
  action: AuditActionAbout<'action'>,
  actionId: string,
  incident: IncidentRef,
  details: Record<string, unknown>,
  at: Date,
): Promise<void> {
  const row = { entityType: 'action' as const, entityId: actionId, studentId: incident.studentId };
  return recordAudit(tx, ctx, {
    action,
    ...row,
    details: { incidentId: incident.id, number: incident.number, ...details },
    at,
  });
}

/**
 * The one writer of the audit log. Every row goes through `writeAudit`, in
 * the caller's transaction, so a change and its row commit or roll back
 * together; the app's role may only append (no UPDATE or DELETE on
 * `audit_log`). `tests/unit/audit-writer.test.ts` fails if anything else
 * inserts into the table.
 *
 * The helpers callers use (`recordAudit` for pupils' records, lib/admin's
 * `recordAdminEvent`, lib/auth's `recordSecurityEvent`) shape their rows and
 * hand them here.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Tx } from '@/db/scoped';
import { auditLog } from '@/db/schema';
import type { AuditAction, AuditEntityOf } from './events';

/** Stored user agents are cut here: a header is whatever the client sent. */
const USER_AGENT_MAX = 500;

/** A row's record: the event's own kind of entity and its id, or no record at all. */
type AuditSubject<A extends AuditAction> =
  | (AuditEntityOf<A> extends null ? never : { entityType: AuditEntityOf<A>; entityId: string })
  | { entityType: null; entityId: null };

export type AuditRow<A extends AuditAction = AuditAction> = {
  schoolId: string;
  action: A;
  /** The person who acted; null for the platform, a job or a command. */
  actorUserId: string | null;
  /** Who acted when no person did ('platform', 'job:mis-import', …); ignored when a person did. */
  actorLabel?: string | null;
  /** The request the row came from, when there was one. */
  meta?: { ip: string | null; userAgent: string | null } | null;
  details?: Record<string, unknown>;
  /** The change's own time; the transaction's start when left out. */
  at?: Date;
} & AuditSubject<A>;

function toValues(r: AuditRow): typeof auditLog.$inferInsert {
  return {
    id: randomUUID(),
    schoolId: r.schoolId,
    at: r.at,
    actorUserId: r.actorUserId,
    actorLabel: r.actorUserId ? null : (r.actorLabel ?? null),
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    ip: r.meta?.ip ?? null,
    userAgent: r.meta?.userAgent?.slice(0, USER_AGENT_MAX) ?? null,
    details: r.details ?? {},
  };
}

/** Appends rows to the school's audit log, in one statement, inside the caller's transaction. */
export async function writeAudit<A extends AuditAction>(
  tx: Tx,
  rows: AuditRow<A> | readonly AuditRow<A>[],
): Promise<void> {
  const list = (Array.isArray(rows) ? rows : [rows]) as readonly AuditRow[];
  if (list.length === 0) return;
  await tx.insert(auditLog).values(list.map(toValues));
}

/**
 * lib/audit — the school's append-only audit log: its one writer (write.ts),
 * the typed list of events with the words a person reads for each (events.ts),
 * the helpers that shape rows for pupils' records (record.ts) and for
 * administration (admin-events.ts), and paging the rows back (queries.ts).
 * The routes only read labels; every row is written by a lib service, in the
 * transaction of the change it records.
 */
import 'server-only';

export { AUDIT_EVENTS, auditActionLabel, isAuditAction, type AuditAction, type AuditEntity } from './events';

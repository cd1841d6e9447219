/**
 * One writer for the audit log (lib/audit/write.ts) and one list of its
 * events (lib/audit/events.ts). A source file outside lib/audit that inserts
 * into the table, through Drizzle or in SQL, fails here; the scan is shown to
 * find such files in a throwaway tree first. Every event has its entity and a
 * label a person can read.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Tx } from '@/db/scoped';
import { AUDIT_EVENTS, auditActionLabel, isAuditAction, type AuditAction, type AuditEntity } from '@/lib/audit/events';
import { writeAudit } from '@/lib/audit/write';

const ROOT = path.resolve(__dirname, '../..');

/** Where application code lives; tests may insert hand-made rows to attack the readers. */
const SCANNED = ['app', 'lib', 'db', 'scripts', 'proxy.ts', 'instrumentation.ts'];
const SKIPPED_DIRS = new Set(['node_modules', '.next', 'migrations']);

/**
 * Files allowed to insert into audit_log outside lib/audit, each with its reason.
 * The benchmark fills a throwaway database with 100,000 synthetic rows in one
 * statement to time the Audit tab; they record nothing that happened.
 */
const EXCEPTIONS: Readonly<Record<string, string>> = {
  'scripts/bench.ts': 'synthetic rows for the Audit tab benchmark',
};

const DRIZZLE_INSERT = /\.\s*insert\s*\(\s*(?:[A-Za-z_$][\w$]*\s*\.\s*)?auditLog\b/;
const SQL_INSERT = /insert\s+into\s+(?:"?public"?\s*\.\s*)?"?audit_log"?\b/i;

function sourceFiles(root: string, entry: string): string[] {
  const full = path.join(root, entry);
  if (!fs.existsSync(full)) return [];
  if (fs.statSync(full).isFile()) return /\.(ts|tsx|mts|js|mjs|sql)$/.test(entry) ? [entry] : [];
  return fs
    .readdirSync(full, { withFileTypes: true })
    .filter((d) => !SKIPPED_DIRS.has(d.name))
    .flatMap((d) => sourceFiles(root, path.posix.join(entry, d.name)));
}

/** Files under `root` that insert into the audit log, other than the writer's own folder. */
function auditWritersOutsideLibAudit(root: string): string[] {
  return SCANNED.flatMap((entry) => sourceFiles(root, entry))
    .filter((f) => !f.startsWith('lib/audit/'))
    .filter((f) => {
      const text = fs.readFileSync(path.join(root, f), 'utf8');
      return DRIZZLE_INSERT.test(text) || SQL_INSERT.test(text);
    })
    .sort();
}

describe('one audit writer', () => {
  const fixture = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-audit-writer-'));
  afterAll(() => fs.rmSync(fixture, { recursive: true, force: true }));

  it('the scan finds every way of inserting into the audit log in a throwaway tree', () => {
    const files: Record<string, string> = {
      'lib/audit/write.ts': 'await tx.insert(auditLog).values(rows);',
      'lib/a/one-line.ts': 'await tx.insert(auditLog).values({ id });',
      'lib/b/split.ts': 'await tx\n  .insert(\n    auditLog,\n  )\n  .values(row);',
      'lib/c/namespaced.ts': 'await tx.insert(schema.auditLog).values(row);',
      'app/d/raw.ts': 'await tx.execute(sql`INSERT INTO "audit_log" (id) values (${id})`);',
      'db/seed/e.ts': 'await tx.execute(sql`insert into audit_log (id) select gen_random_uuid()`);',
      'scripts/f.ts': 'await tx.insert(auditLog).values(row);',
      'lib/g/reader.ts': 'await tx.select().from(auditLog).where(eq(auditLog.action, "x"));',
      'lib/h/other-table.ts': 'await tx.insert(auditLogArchive).values(row); // another table',
      'db/migrations/0001_x.sql': 'INSERT INTO audit_log (id) VALUES (1);',
    };
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(fixture, name)), { recursive: true });
      fs.writeFileSync(path.join(fixture, name), text);
    }
    expect(auditWritersOutsideLibAudit(fixture)).toEqual([
      'app/d/raw.ts',
      'db/seed/e.ts',
      'lib/a/one-line.ts',
      'lib/b/split.ts',
      'lib/c/namespaced.ts',
      'scripts/f.ts',
    ]);
  });

  it('nothing outside lib/audit inserts into the audit log, apart from the listed exceptions', () => {
    expect(auditWritersOutsideLibAudit(ROOT)).toEqual(Object.keys(EXCEPTIONS).sort());
  });

  it('inside lib/audit, only the writer inserts', () => {
    const inside = sourceFiles(ROOT, 'lib/audit').filter((f) =>
      DRIZZLE_INSERT.test(fs.readFileSync(path.join(ROOT, f), 'utf8')),
    );
    expect(inside).toEqual(['lib/audit/write.ts']);
  });
});

describe('the event list', () => {
  const ENTITIES: readonly (AuditEntity | null)[] = [
    'user',
    'user_group',
    'alert_group',
    'school',
    'import_run',
    'student',
    'incident',
    'action',
    'map',
    'category',
    'agency',
    'saved_report',
    'library_document',
    'planner_event',
    'support_request',
    'transfer',
    'integration',
    null,
  ];
  const events = Object.entries(AUDIT_EVENTS) as [AuditAction, { entity: AuditEntity | null; label: string }][];

  it.each(events)('%s has a label a person can read and a known entity', (action, spec) => {
    expect(action).toMatch(/^[a-z]+\.[a-z_]+$/);
    expect(spec.label.trim()).toBe(spec.label);
    expect(spec.label).toMatch(/^[A-Z0-9]/);
    expect(spec.label).not.toContain(action);
    expect(ENTITIES).toContain(spec.entity);
    expect(auditActionLabel(action)).toBe(spec.label);
  });

  it('labels the events Admin → Users → Activity shows as it always has', () => {
    expect(auditActionLabel('auth.signed_in')).toBe('Signed in');
    expect(auditActionLabel('admin.keys_removed')).toBe('All 2FA devices removed by an administrator');
    expect(auditActionLabel('student.viewed')).toBe('Opened a pupil’s record');
    expect(auditActionLabel('monitoring.bulk_updated')).toBe('Updated monitoring from a class list');
  });

  it('shows a stored name it does not know as stored, and knows no inherited property', () => {
    expect(auditActionLabel('library.document_read')).toBe('library.document_read');
    expect(isAuditAction('toString')).toBe(false);
    expect(auditActionLabel('constructor')).toBe('constructor');
  });
});

/**
 * Never called: `npm run typecheck` fails if the writer starts accepting an
 * event that is not in the list, or a row about another kind of record than
 * its event's.
 */
export async function writerTypes(tx: Tx): Promise<void> {
  const base = { schoolId: 's', actorUserId: null };
  await writeAudit(tx, { ...base, action: 'incident.viewed', entityType: 'incident', entityId: 'i' });
  await writeAudit(tx, { ...base, action: 'monitoring.bulk_updated', entityType: null, entityId: null });
  // @ts-expect-error an event that is not in the list
  await writeAudit(tx, { ...base, action: 'incident.looked_at', entityType: 'incident', entityId: 'i' });
  // @ts-expect-error an incident event written as about a pupil
  await writeAudit(tx, { ...base, action: 'incident.viewed', entityType: 'student', entityId: 'p' });
  // @ts-expect-error a record named without its kind
  await writeAudit(tx, { ...base, action: 'incident.viewed', entityType: null, entityId: 'i' });
  // @ts-expect-error an event about no record given one
  await writeAudit(tx, { ...base, action: 'monitoring.bulk_updated', entityType: 'student', entityId: 'p' });
}

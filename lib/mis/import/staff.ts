/**
 * staff.csv: the staff list, a full snapshot, kept in mis_staff (offered in
 * Admin → Users → New user). People missing from the file are archived there.
 * When the school's setting "disable user accounts which no longer appear in
 * automatic extracts" is on, the user accounts linked to them (memberships.
 * mis_staff_id) — and to staff whose end date has passed — are deactivated the
 * way an administrator would (lib/admin endMembership: sessions end), with an
 * audit row each. A skipped row protects its person from both, and a line
 * that cannot be tied to anyone protects everybody not in the file. A detail too
 * long to take (./limits.ts) is an error on its column; the rest of the row
 * is imported and the value stored before is kept.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { memberships, misStaff, users } from '@/db/schema';
import { recordSystemAdminEvent } from '@/lib/audit/admin-events';
import { endMembership } from '@/lib/admin/membership-end';
import type { BundleFile } from './bundle';
import { chunks, hashedWithKept, missingIds, upsertByKept, type ImportEnv } from './env';
import * as f from './fields';
import { rowHash } from './hash';
import { COLUMN_LIMITS } from './limits';
import { rowsByMisId, RowCheck, type RowsByMisId } from './read-file';

const FILE = 'staff' as const;
const L = COLUMN_LIMITS.staff;

interface StaffRow {
  misId: string;
  title: string | null;
  forename: string;
  surname: string;
  email: string | null;
  jobTitle: string | null;
  startDate: string | null;
  endDate: string | null;
  contract: 'full-time' | 'part-time' | null;
  kept: ReadonlySet<string>;
}

const UPSERT_SET = {
  title: sql`excluded.title`,
  forename: sql`excluded.forename`,
  surname: sql`excluded.surname`,
  email: sql`excluded.email`,
  jobTitle: sql`excluded.job_title`,
  startDate: sql`excluded.start_date`,
  endDate: sql`excluded.end_date`,
  contract: sql`excluded.contract`,
  misRowHash: sql`excluded.mis_row_hash`,
  archivedAt: sql`excluded.archived_at`,
  updatedAt: sql`excluded.updated_at`,
};
const KEPT_KEYS: Record<string, keyof typeof UPSERT_SET> = { title: 'title', email: 'email', job_title: 'jobTitle' };

function parseRow(env: ImportEnv, get: (c: string) => string, line: number): StaffRow | undefined {
  const check = new RowCheck();
  const misId = check.take('mis_id', f.requiredText(get('mis_id'), L.mis_id.max));
  const forename = check.take('forename', f.requiredText(get('forename'), L.forename.max));
  const surname = check.take('surname', f.requiredText(get('surname'), L.surname.max));
  const startDate = check.take('start_date', f.optionalDate(get('start_date')));
  const endDate = check.take('end_date', f.optionalDate(get('end_date')));
  const contract = check.take('contract', f.contract(get('contract')));
  const title = check.detail('title', get('title'), L.title);
  const email = check.detail('email', get('email'), L.email);
  const jobTitle = check.detail('job_title', get('job_title'), L.job_title);
  if (!check.reportTo(env.report, FILE, line)) return undefined;
  return {
    misId: misId!,
    title,
    forename: forename!,
    surname: surname!,
    email: email?.toLowerCase() ?? null,
    jobTitle,
    startDate: startDate ?? null,
    endDate: endDate ?? null,
    contract: contract ?? null,
    kept: check.kept,
  };
}

export async function importStaff(env: ImportEnv, file: BundleFile): Promise<void> {
  const { tx, schoolId, report } = env;
  const counts = report.file(FILE);
  const read = await rowsByMisId(file, report, (get, line) => parseRow(env, get, line));
  const { rows } = read;

  const existing = await tx
    .select({ id: misStaff.id, misId: misStaff.misId, hash: misStaff.misRowHash, archivedAt: misStaff.archivedAt })
    .from(misStaff)
    .where(eq(misStaff.schoolId, schoolId));
  const byMisId = new Map(existing.map((e) => [e.misId, e]));
  const upserts: { values: typeof misStaff.$inferInsert; kept: ReadonlySet<string> }[] = [];
  for (const row of rows.values()) {
    const old = byMisId.get(row.misId);
    const hash = rowHash(
      hashedWithKept(
        [row.title, row.forename, row.surname, row.email, row.jobTitle, row.startDate, row.endDate, row.contract],
        row.kept,
      ),
    );
    if (old) {
      if (old.hash === hash && old.archivedAt === null) {
        counts.unchanged++;
        continue;
      }
      if (old.archivedAt !== null) counts.restored++;
      else counts.updated++;
    } else {
      counts.added++;
    }
    const { kept, ...fields } = row;
    upserts.push({
      values: {
        ...fields,
        schoolId,
        id: old?.id ?? randomUUID(),
        misRowHash: hash,
        archivedAt: null,
        createdAt: env.now,
        updatedAt: env.now,
      },
      kept,
    });
  }
  await upsertByKept(upserts, UPSERT_SET, KEPT_KEYS, (batch, set) =>
    tx
      .insert(misStaff)
      .values(batch)
      .onConflictDoUpdate({ target: [misStaff.schoolId, misStaff.misId], set }),
  );
  const missing = missingIds(existing, read, report, FILE, ['staff record', 'staff records']);
  for (const batch of chunks(missing)) {
    await tx
      .update(misStaff)
      .set({ archivedAt: env.now, updatedAt: env.now })
      .where(and(eq(misStaff.schoolId, schoolId), inArray(misStaff.id, batch), isNull(misStaff.archivedAt)));
  }
  counts.archived += missing.length;

  if (env.deactivateMissingStaff) await deactivateDepartedStaff(env, read, file);
}

async function deactivateDepartedStaff(
  env: ImportEnv,
  { rows, skipped, unidentified }: RowsByMisId<StaffRow>,
  file: BundleFile,
): Promise<void> {
  const { tx, schoolId } = env;
  const linked = await tx
    .select({ userId: memberships.userId, misStaffId: memberships.misStaffId, displayName: users.displayName })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(eq(memberships.schoolId, schoolId), eq(memberships.status, 'active'), isNotNull(memberships.misStaffId)),
    );
  for (const m of linked) {
    const staffId = m.misStaffId!;
    if (skipped.has(staffId)) continue;
    const row = rows.get(staffId);
    // Not in the file, but an unreadable line may have named them (missingIds says so in a warning): left active.
    if (!row && unidentified.length > 0) continue;
    const reason = !row
      ? `no longer in ${file.name}`
      : row.endDate !== null && row.endDate < env.today
        ? `end date ${row.endDate} has passed`
        : null;
    if (!reason) continue;
    if (m.userId === env.actorUserId) {
      // Never lock out the administrator running the import; they are told instead.
      env.report.warning(
        FILE,
        0,
        'mis_id',
        `your own account (MIS staff id ${staffId}) would be deactivated (${reason}); it was left active`,
      );
      continue;
    }
    const { sessionsEnded } = await endMembership(tx, schoolId, m.userId, env.now);
    env.report.staffDeactivated++;
    await recordSystemAdminEvent(tx, schoolId, {
      actorUserId: env.actorUserId,
      actorLabel: 'mis-import',
      action: 'admin.user_deactivated',
      entityType: 'user',
      entityId: m.userId,
      details: { displayName: m.displayName, misStaffId: staffId, reason, importRunId: env.runId, sessionsEnded },
      at: env.now,
    });
  }
}

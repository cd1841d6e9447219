/**
 * Schools in the platform console: the list (with import health, last
 * activity and counts, never a pupil's or a person's record), creating a
 * school with its first administrator, and making a school unavailable and
 * available again. Creating goes through lib/schools' own creation (its slug
 * rules and defaults) and lib/users' adding of a person (the first-password
 * link); nothing here restates them.
 */
import 'server-only';
import { asc, eq, isNull, and, sql } from 'drizzle-orm';
import { z } from 'zod';
import { privileged } from '@/db/privileged';
import { importRuns, memberships, schools, sessions, students, auditLog } from '@/db/schema';
import { writePlatformAudit } from '@/lib/audit/platform';
import { writeAudit } from '@/lib/audit/write';
import { NotFoundError, UserError } from '@/lib/errors';
import { importHealthLevel, type ImportHealthLevel } from '@/lib/mis/health';
import { createSchoolInput } from '@/lib/schools/schema';
import { createSchool } from '@/lib/schools/service';
import { addPersonToSchool } from '@/lib/users/platform';
import type { RequestMeta } from '@/lib/tenancy/context';
import type { ConsoleOperator } from './console-auth';

export interface ConsoleSchoolRow {
  id: string;
  slug: string;
  name: string;
  trustName: string | null;
  disabled: boolean;
  importHealth: ImportHealthLevel;
  lastImportAt: Date | null;
  lastActivityAt: Date | null;
  /** Counts only: an operator never sees who. */
  users: number;
  pupils: number;
}

/** The outer row's id, qualified: Drizzle writes a selected column unqualified, which a subquery would take for its own. */
const OUTER_SCHOOL = sql`"schools"."id"`;

export async function listConsoleSchools(now = new Date()): Promise<ConsoleSchoolRow[]> {
  const rows = await privileged('platform-console', 'console school list', (tx) =>
    tx
      .select({
        id: schools.id,
        slug: schools.slug,
        name: schools.name,
        trustName: schools.trustName,
        disabledAt: schools.disabledAt,
        users: sql<number>`(select count(*)::int from ${memberships} m where m.school_id = ${OUTER_SCHOOL} and m.status = 'active')`,
        pupils: sql<number>`(select count(*)::int from ${students} s where s.school_id = ${OUTER_SCHOOL} and s.archived_at is null)`,
        lastSuccessAt:
          sql<Date | null>`(select max(r.finished_at) from ${importRuns} r where r.school_id = ${OUTER_SCHOOL} and r.status = 'succeeded')`.mapWith(
            (v) => (v ? new Date(v) : null),
          ),
        lastFailedAt:
          sql<Date | null>`(select max(r.finished_at) from ${importRuns} r where r.school_id = ${OUTER_SCHOOL} and r.status = 'failed')`.mapWith(
            (v) => (v ? new Date(v) : null),
          ),
        lastActivityAt:
          sql<Date | null>`(select max(a.at) from ${auditLog} a where a.school_id = ${OUTER_SCHOOL} and a.actor_user_id is not null)`.mapWith(
            (v) => (v ? new Date(v) : null),
          ),
      })
      .from(schools)
      .orderBy(asc(schools.name)),
  );
  return rows.map((r) => {
    const failedLast = r.lastFailedAt !== null && (r.lastSuccessAt === null || r.lastFailedAt > r.lastSuccessAt);
    return {
      id: r.id,
      slug: r.slug,
      name: r.name,
      trustName: r.trustName,
      disabled: r.disabledAt !== null,
      importHealth: importHealthLevel(r.lastSuccessAt, failedLast, now),
      lastImportAt: r.lastSuccessAt,
      lastActivityAt: r.lastActivityAt,
      users: r.users,
      pupils: r.pupils,
    };
  });
}

export const consoleCreateSchoolInput = z.strictObject({
  slug: createSchoolInput.shape.slug,
  name: createSchoolInput.shape.name,
  trustName: z
    .string()
    .trim()
    .max(200)
    .transform((s) => s || undefined)
    .optional(),
  timeZone: createSchoolInput.shape.timeZone,
  adminName: z.string().trim().min(1, 'Enter the administrator’s name.').max(120, 'Use at most 120 characters.'),
  adminEmail: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, 'Enter the administrator’s email address.')
    .max(320)
    .pipe(z.email('Enter a valid email address.')),
});

/**
 * A new school and its first administrator (the DSL group, which holds every
 * permission), who gets the first-password email. Input is checked whole
 * before anything is written.
 */
export async function createSchoolFromConsole(
  op: ConsoleOperator,
  input: unknown,
  meta: RequestMeta,
  now = new Date(),
): Promise<{ slug: string }> {
  const data = consoleCreateSchoolInput.parse(input);
  const created = await createSchool({
    slug: data.slug,
    name: data.name,
    trustName: data.trustName,
    timeZone: data.timeZone,
  }).catch((e: unknown) => {
    // lib/schools' own refusal (the address is taken), shown beside the field it is about.
    if (e instanceof UserError) throw new UserError(e.message, { slug: [e.message] });
    throw e;
  });
  await addPersonToSchool({ school: created.slug, email: data.adminEmail, name: data.adminName, group: 'DSL' }, now);
  await privileged('platform-console', `audit school ${created.slug}`, (tx) =>
    writePlatformAudit(tx, {
      action: 'school.created',
      actorUserId: op.userId,
      schoolId: created.id,
      meta,
      details: { slug: created.slug, name: data.name, adminEmail: data.adminEmail },
      at: now,
    }),
  );
  return { slug: created.slug };
}

export const schoolAvailabilityInput = z.strictObject({
  schoolId: z.uuid(),
  available: z.enum(['yes', 'no']),
});

/**
 * Makes a school unavailable (its staff see a page saying so, every session
 * there ends and sign-in is refused) or available again. Nothing is deleted.
 */
export async function setSchoolAvailability(
  op: ConsoleOperator,
  input: unknown,
  meta: RequestMeta,
  now = new Date(),
): Promise<void> {
  const { schoolId, available } = schoolAvailabilityInput.parse(input);
  const disable = available === 'no';
  await privileged('platform-console', `${disable ? 'disable' : 'enable'} school ${schoolId}`, async (tx) => {
    const changed = await tx
      .update(schools)
      .set({ disabledAt: disable ? now : null })
      .where(
        and(eq(schools.id, schoolId), disable ? isNull(schools.disabledAt) : sql`${schools.disabledAt} is not null`),
      )
      .returning({ id: schools.id, slug: schools.slug });
    if (!changed[0]) {
      const exists = await tx.select({ id: schools.id }).from(schools).where(eq(schools.id, schoolId));
      if (!exists[0]) throw new NotFoundError('school');
      return; // already so: a doubled click changes nothing
    }
    if (disable)
      await tx
        .update(sessions)
        .set({ revokedAt: now, revokedReason: 'school_disabled' })
        .where(and(eq(sessions.schoolId, schoolId), isNull(sessions.revokedAt)));
    await writePlatformAudit(tx, {
      action: disable ? 'school.disabled' : 'school.enabled',
      actorUserId: op.userId,
      schoolId,
      meta,
      details: { slug: changed[0].slug },
      at: now,
    });
    await writeAudit(tx, {
      schoolId,
      actorUserId: null,
      actorLabel: `Haven support (${op.email})`,
      action: disable ? 'platform.school_disabled' : 'platform.school_enabled',
      entityType: 'school',
      entityId: schoolId,
      meta,
      at: now,
    });
  });
}

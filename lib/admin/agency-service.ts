/**
 * Admin → Agencies: the school's list of outside agencies that "Agencies
 * involved" offers on incidents, actions and pupils' profiles. Records refer
 * to an agency by id, so a rename shows on every past record at once (the
 * page warns not to change what an agency is); a disabled agency is no
 * longer offered but stays on the records that name it. Never deleted.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { agencies, incidentActions, incidents, studentProfiles } from '@/db/schema';
import { NotFoundError, UserError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import type { Ctx } from '@/lib/tenancy/context';
import { recordAdminEvent } from '@/lib/audit/admin-events';
import { agencyRefInput, newAgencyInput, renameAgencyInput } from './agency-schema';
import { refusingDuplicates } from './db-errors';
import { requireAdmin } from './guard';

const NAME_TAKEN = 'The list already has an agency with this name (disabled ones count too).';

export interface AgencyListItem {
  id: string;
  name: string;
  enabled: boolean;
  /** Incidents, actions and profiles that name it. */
  records: number;
}

const uses = (table: typeof incidents | typeof incidentActions | typeof studentProfiles) =>
  sql<number>`(select count(*)::int from ${table} r
    where r.school_id = ${agencies.schoolId} and r.agency_ids @> jsonb_build_array(${agencies.id}::text))`;

export async function listAgencies(ctx: Ctx): Promise<AgencyListItem[]> {
  requireAdmin(ctx);
  const rows = await ctx.run((tx) =>
    tx
      .select({
        id: agencies.id,
        name: agencies.name,
        archivedAt: agencies.archivedAt,
        records: sql<number>`${uses(incidents)} + ${uses(incidentActions)} + ${uses(studentProfiles)}`,
      })
      .from(agencies)
      .where(eq(agencies.schoolId, ctx.school.id))
      .orderBy(asc(sql`lower(${agencies.name})`)),
  );
  return rows.map((r) => ({ id: r.id, name: r.name, enabled: r.archivedAt === null, records: r.records }));
}

async function lockAgency(tx: Tx, schoolId: string, agencyId: string) {
  if (!isUuid(agencyId)) throw new NotFoundError('agency');
  const [row] = await tx
    .select({ id: agencies.id, name: agencies.name, archivedAt: agencies.archivedAt })
    .from(agencies)
    .where(and(eq(agencies.schoolId, schoolId), eq(agencies.id, agencyId)))
    .for('update');
  if (!row) throw new NotFoundError('agency');
  return row;
}

async function assertNameFree(tx: Tx, schoolId: string, name: string, exceptId?: string) {
  const [clash] = await tx
    .select({ id: agencies.id })
    .from(agencies)
    .where(
      and(
        eq(agencies.schoolId, schoolId),
        sql`lower(${agencies.name}) = ${name.toLowerCase()}`,
        exceptId ? ne(agencies.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  if (clash) throw new UserError(NAME_TAKEN, { name: [NAME_TAKEN] });
}

const withNameGuard = <T>(fn: () => Promise<T>) =>
  refusingDuplicates('agencies_school_name_key', { message: NAME_TAKEN, field: 'name' }, fn);

export async function createAgency(ctx: Ctx, input: unknown, now = new Date()): Promise<{ agencyId: string }> {
  requireAdmin(ctx);
  const data = newAgencyInput.parse(input);
  return withNameGuard(() =>
    ctx.run(async (tx) => {
      await assertNameFree(tx, ctx.school.id, data.name);
      const agencyId = randomUUID();
      await tx.insert(agencies).values({ schoolId: ctx.school.id, id: agencyId, name: data.name, createdAt: now });
      await recordAdminEvent(tx, ctx, {
        action: 'admin.agency_created',
        entityType: 'agency',
        entityId: agencyId,
        details: { name: data.name },
        at: now,
      });
      return { agencyId };
    }),
  );
}

export async function renameAgency(ctx: Ctx, input: unknown, now = new Date()): Promise<void> {
  requireAdmin(ctx);
  const data = renameAgencyInput.parse(input);
  await withNameGuard(() =>
    ctx.run(async (tx) => {
      const row = await lockAgency(tx, ctx.school.id, data.agencyId);
      if (row.name === data.name) return;
      if (row.name.toLowerCase() !== data.name.toLowerCase())
        await assertNameFree(tx, ctx.school.id, data.name, row.id);
      await tx
        .update(agencies)
        .set({ name: data.name })
        .where(and(eq(agencies.schoolId, ctx.school.id), eq(agencies.id, row.id)));
      await recordAdminEvent(tx, ctx, {
        action: 'admin.agency_renamed',
        entityType: 'agency',
        entityId: row.id,
        details: { from: row.name, to: data.name },
        at: now,
      });
    }),
  );
}

/** Disable (no longer offered; stays on the records that name it) or enable again. */
export async function setAgencyEnabled(ctx: Ctx, input: unknown, enabled: boolean, now = new Date()): Promise<void> {
  requireAdmin(ctx);
  const { agencyId } = agencyRefInput.parse(input);
  await ctx.run(async (tx) => {
    const row = await lockAgency(tx, ctx.school.id, agencyId);
    if ((row.archivedAt === null) === enabled) return;
    await tx
      .update(agencies)
      .set({ archivedAt: enabled ? null : now })
      .where(and(eq(agencies.schoolId, ctx.school.id), eq(agencies.id, row.id)));
    await recordAdminEvent(tx, ctx, {
      action: enabled ? 'admin.agency_enabled' : 'admin.agency_disabled',
      entityType: 'agency',
      entityId: row.id,
      details: { name: row.name },
      at: now,
    });
  });
}

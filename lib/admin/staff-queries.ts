/**
 * The MIS staff list as Admin → Users → New user offers it. As
 * ../shared/mis-format.md says: people whose start date is on or before
 * today, with no end date before today, on a full-time contract (others are
 * added as non-MIS users), and who are not already a user of this school.
 */
import 'server-only';
import { and, asc, eq, isNull, lte, or, gte, notExists, sql } from 'drizzle-orm';
import { memberships, misStaff } from '@/db/schema';
import { dateInZone } from '@/lib/time/school-date';
import type { Ctx } from '@/lib/tenancy/context';
import { requireAdmin } from './guard';
import type { OfferableStaff } from './types';

function offerable(today: string) {
  return and(
    isNull(misStaff.archivedAt),
    eq(misStaff.contract, 'full-time'),
    lte(misStaff.startDate, today),
    or(isNull(misStaff.endDate), gte(misStaff.endDate, today)),
    notExists(
      sql`(select 1 from ${memberships} where ${memberships.schoolId} = ${misStaff.schoolId} and ${memberships.misStaffId} = ${misStaff.misId})`,
    ),
  );
}

const columns = {
  id: misStaff.id,
  misId: misStaff.misId,
  title: misStaff.title,
  forename: misStaff.forename,
  surname: misStaff.surname,
  email: misStaff.email,
  jobTitle: misStaff.jobTitle,
};

function toOfferable(r: Pick<typeof misStaff.$inferSelect, keyof typeof columns>): OfferableStaff {
  return {
    id: r.id,
    misId: r.misId,
    displayName: `${r.forename} ${r.surname}`,
    title: r.title,
    email: r.email,
    jobTitle: r.jobTitle,
  };
}

export async function listOfferableStaff(ctx: Ctx, now = new Date()): Promise<OfferableStaff[]> {
  requireAdmin(ctx);
  const rows = await ctx.run((tx) =>
    tx
      .select(columns)
      .from(misStaff)
      .where(offerable(dateInZone(ctx.school.timeZone, now)))
      .orderBy(asc(sql`lower(${misStaff.surname})`), asc(sql`lower(${misStaff.forename})`), asc(misStaff.id)),
  );
  return rows.map(toOfferable);
}

/** One offerable staff row by its Haven id, or null (another school's, not offered, or unknown). */
export async function findOfferableStaff(ctx: Ctx, id: string, now = new Date()): Promise<OfferableStaff | null> {
  requireAdmin(ctx);
  const rows = await ctx.run((tx) =>
    tx
      .select(columns)
      .from(misStaff)
      .where(and(eq(misStaff.id, id), offerable(dateInZone(ctx.school.timeZone, now))))
      .limit(1),
  );
  return rows[0] ? toOfferable(rows[0]) : null;
}

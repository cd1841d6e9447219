/**
 * Admin → Overview's figures about the school's people: how many use Haven
 * here, how many are key holders (their group grants more than recording
 * concerns: lib/access decides which groups) and how many of those have a
 * key set up. Counts only, for administrators with their key.
 */
import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { memberships, userGroups, userKeys } from '@/db/schema';
import { groupMayUseKey, parseSystemPermissions } from '@/lib/access';
import type { UserCtx } from '@/lib/tenancy/context';
import { requireAdmin } from './guard';

export interface PeopleCounts {
  users: number;
  keyHolders: number;
  keyHoldersWithKey: number;
}

export async function schoolPeopleCounts(ctx: UserCtx): Promise<PeopleCounts> {
  requireAdmin(ctx);
  const rows = await ctx.run((tx) =>
    tx
      .select({
        permissions: userGroups.permissions,
        members: sql<number>`count(*)::int`,
        withKey: sql<number>`count(*) filter (where exists (select 1 from ${userKeys} k where k.user_id = ${memberships.userId} and k.removed_at is null and k.confirmed_at is not null))::int`,
      })
      .from(memberships)
      .innerJoin(userGroups, eq(userGroups.id, memberships.userGroupId))
      .where(and(eq(memberships.schoolId, ctx.school.id), eq(memberships.status, 'active')))
      .groupBy(userGroups.id, userGroups.permissions),
  );
  let users = 0;
  let keyHolders = 0;
  let keyHoldersWithKey = 0;
  for (const r of rows) {
    users += r.members;
    if (groupMayUseKey(parseSystemPermissions(r.permissions))) {
      keyHolders += r.members;
      keyHoldersWithKey += r.withKey;
    }
  }
  return { users, keyHolders, keyHoldersWithKey };
}

/**
 * Choosing people for a list an administrator keeps (alert groups, class
 * restrictions): only the school's active members may be added, and someone
 * deactivated who is already listed stays offered and may stay, so saving
 * never drops them unseen. One rule for every such list: the offer and the
 * check on saving.
 */
import 'server-only';
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { memberships, userGroups, users } from '@/db/schema';
import { NotFoundError, UserError } from '@/lib/errors';
import { membershipGroup } from '@/lib/users/membership-group';
import type { AlertGroupCandidate } from './types';

/** The people to offer: active members, plus those in `keep` (already listed) whatever their status, the deactivated marked so. */
export async function choosableMembers(
  tx: Tx,
  schoolId: string,
  keep: readonly string[],
): Promise<AlertGroupCandidate[]> {
  const rows = await tx
    .select({
      userId: users.id,
      displayName: users.displayName,
      groupId: userGroups.id,
      groupName: userGroups.name,
      status: memberships.status,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(userGroups, membershipGroup)
    .where(
      and(
        eq(memberships.schoolId, schoolId),
        keep.length > 0
          ? or(eq(memberships.status, 'active'), inArray(memberships.userId, [...keep]))
          : eq(memberships.status, 'active'),
      ),
    )
    .orderBy(asc(sql`lower(${users.displayName})`), asc(users.id));
  return rows.map(({ status, ...r }) => ({
    ...r,
    displayName: status === 'active' ? r.displayName : `${r.displayName} (deactivated)`,
  }));
}

/**
 * Refuses anyone who is not a member of this school (as not found, like an id
 * that never existed) and anyone deactivated who is not already listed, with
 * `refusal` next to the people field.
 */
export async function assertChoosableMembers(
  tx: Tx,
  schoolId: string,
  chosen: readonly string[],
  alreadyIn: ReadonlySet<string>,
  refusal: string,
): Promise<void> {
  if (chosen.length === 0) return;
  const rows = await tx
    .select({ userId: memberships.userId, status: memberships.status })
    .from(memberships)
    .where(and(eq(memberships.schoolId, schoolId), inArray(memberships.userId, [...chosen])));
  const status = new Map(rows.map((r) => [r.userId, r.status]));
  for (const id of chosen) {
    const s = status.get(id);
    if (s === undefined) throw new NotFoundError('user');
    if (s !== 'active' && !alreadyIn.has(id))
      throw new UserError('Only active users can be added.', { memberIds: [refusal] });
  }
}

/**
 * One person, one account, several schools: a trust's safeguarding lead signs
 * in to each of their schools with the same address and password. A school
 * sees the person only through its own membership (row-level security), so
 * whether the account is also used elsewhere is asked on the privileged path,
 * and only as a yes or no: the other schools stay unnamed.
 */
import 'server-only';
import { and, eq, ne, sql } from 'drizzle-orm';
import { privileged } from '@/db/privileged';
import { memberships } from '@/db/schema';

/** The person holds a membership (active or deactivated) at a school other than this one. */
export async function accountUsedAtOtherSchools(userId: string, schoolId: string): Promise<boolean> {
  return privileged('shared-account', `user ${userId} from school ${schoolId}`, async (tx) => {
    const rows = await tx
      .select({ one: sql`1` })
      .from(memberships)
      .where(and(eq(memberships.userId, userId), ne(memberships.schoolId, schoolId)))
      .limit(1);
    return rows.length > 0;
  });
}

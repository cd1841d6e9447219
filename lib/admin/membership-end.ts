/**
 * Ending a membership, on its own so that the MIS importer (staff gone from
 * the extract) can use it without loading the rest of Admin → Users: that
 * module reaches password checking, whose dictionaries are 11 MB of every
 * import process's heap.
 */
import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { memberships, sessions } from '@/db/schema';

/**
 * The membership stops working and the person's sessions in this school end,
 * inside the caller's transaction (the caller writes the audit row). Shared by
 * deactivation (./user-service.ts) and by the MIS importer (staff gone from the extract).
 */
export async function endMembership(
  tx: Tx,
  schoolId: string,
  userId: string,
  now: Date,
): Promise<{ sessionsEnded: number }> {
  await tx
    .update(memberships)
    .set({ status: 'deactivated', deactivatedAt: now })
    .where(and(eq(memberships.schoolId, schoolId), eq(memberships.userId, userId)));
  const ended = await tx
    .update(sessions)
    .set({ revokedAt: now, revokedReason: 'deactivated' })
    .where(and(eq(sessions.schoolId, schoolId), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return { sessionsEnded: ended.length };
}

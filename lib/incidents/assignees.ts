/**
 * Who may be made an incident's assignee: an active member of the school
 * whose group holds a key (lib/access `mayBeAssigned`) — the same people the
 * add and edit forms offer. Checked by every write that sets an assignee, so a
 * forged id cannot hand an incident to someone who could not open it.
 */
import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Tx } from '@/db/scoped';
import { memberships, userGroups } from '@/db/schema';
import { mayBeAssigned } from '@/lib/access';
import { NotFoundError, UserError } from '@/lib/errors';

export const NOT_ASSIGNABLE =
  'Choose someone from the list: incidents are assigned to staff with a key, who can open them.';

export async function assertAssignable(tx: Tx, userId: string): Promise<void> {
  const [member] = await tx
    .select({ permissions: userGroups.permissions })
    .from(memberships)
    .innerJoin(userGroups, eq(userGroups.id, memberships.userGroupId))
    .where(and(eq(memberships.userId, userId), eq(memberships.status, 'active')));
  if (!member) throw new NotFoundError('user');
  if (!mayBeAssigned(member.permissions))
    throw new UserError('Please correct the highlighted fields.', { assigneeId: [NOT_ASSIGNABLE] });
}

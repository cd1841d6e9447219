/** How a membership reaches its user group: by id and within the membership's own school, never another's group. */
import 'server-only';
import { and, eq } from 'drizzle-orm';
import { memberships, userGroups } from '@/db/schema';

export const membershipGroup = and(
  eq(userGroups.id, memberships.userGroupId),
  eq(userGroups.schoolId, memberships.schoolId),
)!;

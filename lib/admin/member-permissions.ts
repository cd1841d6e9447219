/**
 * Admin → Users → a user → Permissions: what the person may do here, read
 * from the same rows the permission engine reads (lib/access/load-subject.ts):
 * their user group's system permissions and rights per category, and, when
 * the school restricts key holders by class, the classes listed for them
 * (for the person, or for their whole group).
 */
import 'server-only';
import { and, eq, isNull, or } from 'drizzle-orm';
import { classRestrictionMembers } from '@/db/schema';
import type { ClassGroupKind } from '@/lib/access';
import type { Ctx } from '@/lib/tenancy/context';
import { compareClassNames } from './class-restriction-queries';
import { findGroupOrThrow, knownPermissions, loadMatrix } from './group-queries';
import { requireAdmin } from './guard';
import type { MatrixTopCategory } from './types';
import { findMemberOrThrow, parseUserId } from './user-queries';
import type { SystemPermission } from '@/lib/access';

export interface MemberPermissions {
  group: { id: string; name: string };
  permissions: SystemPermission[];
  /** Every category of the school with the group's rights in it. */
  categories: MatrixTopCategory[];
  /** 'off' when the school does not restrict by class: then no class limits what they see. */
  classKind: 'off' | ClassGroupKind;
  /** The classes they may see when restricted, each saying whether it is listed for them or for their group. */
  classes: { name: string; via: 'person' | 'group' | 'both' }[];
}

export async function getMemberPermissions(ctx: Ctx, rawUserId: string): Promise<MemberPermissions> {
  requireAdmin(ctx);
  const userId = parseUserId(rawUserId);
  const kind = ctx.school.settings.classRestrictions;
  return ctx.run(async (tx) => {
    const member = await findMemberOrThrow(tx, ctx.school.id, userId);
    const group = await findGroupOrThrow(tx, ctx.school.id, member.groupId);
    const rows =
      kind === 'off'
        ? []
        : await tx
            .select({ groupName: classRestrictionMembers.groupName, userId: classRestrictionMembers.userId })
            .from(classRestrictionMembers)
            .where(
              and(
                eq(classRestrictionMembers.groupKind, kind),
                isNull(classRestrictionMembers.removedAt),
                or(
                  eq(classRestrictionMembers.userId, member.userId),
                  eq(classRestrictionMembers.userGroupId, member.groupId),
                ),
              ),
            );
    const via = new Map<string, 'person' | 'group' | 'both'>();
    for (const r of rows) {
      const mine = r.userId !== null ? 'person' : 'group';
      const before = via.get(r.groupName);
      via.set(r.groupName, before && before !== mine ? 'both' : mine);
    }
    return {
      group: { id: group.id, name: group.name },
      permissions: knownPermissions(group.permissions),
      categories: await loadMatrix(tx, ctx.school.id, group.id),
      classKind: kind,
      classes: [...via.entries()]
        .map(([name, v]) => ({ name, via: v }))
        .sort((a, b) => compareClassNames(a.name, b.name)),
    };
  });
}

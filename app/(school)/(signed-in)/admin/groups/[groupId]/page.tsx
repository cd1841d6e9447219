import Link from 'next/link';
import { getUserGroup } from '@/lib/admin';
import { orNotFound, requireAdminPage } from '../../admin-page';
import { AdminPageHeader } from '../../_components/page-header';
import { GroupForm } from '../group-form';

export const metadata = { title: 'User group' };

export default async function GroupPage({
  params,
  searchParams,
}: {
  params: Promise<{ groupId: string }>;
  searchParams: Promise<{ saved?: string }>;
}) {
  const ctx = await requireAdminPage();
  const { groupId } = await params;
  const group = await orNotFound(getUserGroup(ctx, groupId));
  const saved = (await searchParams).saved === '1';
  return (
    <div className="space-y-4">
      <AdminPageHeader
        title={group.name}
        intro={
          <>
            {group.activeMembers === 1 ? '1 user' : `${group.activeMembers} users`}
            {group.allMembers > group.activeMembers
              ? ` and ${group.allMembers - group.activeMembers} deactivated`
              : ''}{' '}
            in this group.{' '}
            {group.allMembers > 0 ? (
              <>
                A group with users cannot be removed.{' '}
                <Link href={`/admin/users?group=${group.id}`} className="text-brand-700 underline underline-offset-2">
                  See its users
                </Link>
                .
              </>
            ) : null}
          </>
        }
        back={{ href: '/admin/groups', label: 'User groups' }}
      />
      {saved ? (
        <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-emerald-900">
          The group is created. Add users to it from their profile, or when adding a new user.
        </p>
      ) : null}
      <GroupForm
        group={{
          id: group.id,
          name: group.name,
          description: group.description,
          permissions: group.permissions,
          matrix: group.matrix,
          isOwnGroup: group.isOwnGroup,
        }}
      />
    </div>
  );
}

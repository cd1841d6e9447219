import { listDeactivatedMembers, listGroupOptions } from '@/lib/admin';
import { param, requireAdminPage } from '../../admin-page';
import { schoolDate } from '../../_components/format';
import { AdminPageHeader } from '../../_components/page-header';
import { MemberFilter } from '../member-filter';
import { MemberTable } from '../member-table';

export const metadata = { title: 'Deactivated users' };

export default async function DeactivatedUsersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requireAdminPage();
  const sp = await searchParams;
  const q = param(sp.q) ?? '';
  const groupId = param(sp.group) ?? '';
  const [list, groups] = await Promise.all([
    listDeactivatedMembers(ctx, { q: q || undefined, groupId: groupId || undefined }),
    listGroupOptions(ctx),
  ]);
  return (
    <div className="space-y-4">
      <AdminPageHeader
        title="Deactivated users"
        intro="They cannot sign in here. Their records and history stay; reactivate someone when they return."
        back={{ href: '/admin/users', label: 'Users' }}
      />
      <MemberFilter action="/admin/users/deactivated" q={q} groupId={groupId} groups={groups} />
      <MemberTable
        list={list}
        mode="deactivated"
        selfId={ctx.user.id}
        formatDate={schoolDate(ctx.school.timeZone)}
        caption="Deactivated users"
      />
    </div>
  );
}

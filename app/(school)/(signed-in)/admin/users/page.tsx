import Link from 'next/link';
import { listGroupOptions, listMembers } from '@/lib/admin';
import { param, requireAdminPage } from '../admin-page';
import { schoolDate } from '../_components/format';
import { AdminPageHeader, buttonLink } from '../_components/page-header';
import { ShieldIcon } from '../_components/shield-icon';
import { MemberFilter } from './member-filter';
import { MemberTable } from './member-table';

export const metadata = { title: 'Users' };

export default async function UsersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requireAdminPage();
  const sp = await searchParams;
  const q = param(sp.q) ?? '';
  const groupId = param(sp.group) ?? '';
  const [list, groups] = await Promise.all([
    listMembers(ctx, { q: q || undefined, groupId: groupId || undefined }),
    listGroupOptions(ctx),
  ]);
  return (
    <div className="space-y-4">
      <AdminPageHeader
        title="Users"
        intro={
          <>
            Everyone who can sign in to Haven at {ctx.school.name}. The shield <ShieldIcon decorative /> marks a key
            holder (a 2FA device is set up).{' '}
            <Link href="/admin/users/deactivated" className="text-brand-700 underline underline-offset-2">
              Deactivated users
            </Link>{' '}
            are listed separately.
          </>
        }
      >
        <Link href="/admin/users/new" className={buttonLink}>
          New user
        </Link>
      </AdminPageHeader>
      <MemberFilter action="/admin/users" q={q} groupId={groupId} groups={groups} />
      <p className="text-sm text-slate-600" aria-live="polite">
        {list.items.length === 1 ? '1 user' : `${list.items.length}${list.truncated ? '+' : ''} users`}
      </p>
      <MemberTable
        list={list}
        mode="active"
        selfId={ctx.user.id}
        formatDate={schoolDate(ctx.school.timeZone)}
        caption="Users"
      />
    </div>
  );
}

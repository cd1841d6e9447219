import Link from 'next/link';
import { listUserGroups, SYSTEM_PERMISSION_LABELS } from '@/lib/admin';
import { requireAdminPage } from '../admin-page';
import { AdminPageHeader, buttonLink } from '../_components/page-header';

export const metadata = { title: 'User groups' };

export default async function UserGroupsPage() {
  const ctx = await requireAdminPage();
  const groups = await listUserGroups(ctx);
  return (
    <div className="space-y-4">
      <AdminPageHeader
        title="User groups"
        intro="Each user belongs to one group, which decides what they may see and do. A group that has users cannot be removed: move its users to another group first."
      >
        <Link href="/admin/groups/new" className={buttonLink}>
          New group
        </Link>
      </AdminPageHeader>
      <ul className="divide-y divide-slate-200 rounded-2xl border border-slate-200 bg-white shadow-sm">
        {groups.map((g) => (
          <li key={g.id} className="flex flex-wrap items-start justify-between gap-3 p-4">
            <div className="min-w-0 flex-1 basis-64">
              <Link
                href={`/admin/groups/${g.id}`}
                className="font-semibold text-brand-800 underline-offset-2 hover:underline"
              >
                {g.name}
              </Link>
              {g.description ? <p className="text-sm text-slate-600">{g.description}</p> : null}
              <p className="mt-1 text-xs text-slate-600">
                {g.permissions.length === 0
                  ? 'No system permissions'
                  : g.permissions.map((p) => SYSTEM_PERMISSION_LABELS[p].label).join(' · ')}
              </p>
            </div>
            <p className="text-sm whitespace-nowrap text-slate-700">
              {g.activeMembers === 1 ? '1 user' : `${g.activeMembers} users`}
              {g.allMembers > g.activeMembers ? (
                <span className="block text-xs text-slate-500">+ {g.allMembers - g.activeMembers} deactivated</span>
              ) : null}
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}

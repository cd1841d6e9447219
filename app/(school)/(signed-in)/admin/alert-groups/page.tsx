import Link from 'next/link';
import { listAlertGroups } from '@/lib/admin';
import { requireAdminPage } from '../admin-page';
import { AdminPageHeader, buttonLink } from '../_components/page-header';

export const metadata = { title: 'Alert groups' };

export default async function AlertGroupsPage({
  searchParams,
}: {
  searchParams: Promise<{ saved?: string; archived?: string }>;
}) {
  const ctx = await requireAdminPage();
  const groups = await listAlertGroups(ctx);
  const sp = await searchParams;
  return (
    <div className="space-y-4">
      <AdminPageHeader title="Alert groups" intro="Named sets of staff, so an alert can go to several people at once.">
        <Link href="/admin/alert-groups/new" className={buttonLink}>
          New alert group
        </Link>
      </AdminPageHeader>
      {sp.saved === '1' || sp.archived === '1' ? (
        <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-emerald-900">
          {sp.saved === '1' ? 'The alert group is created.' : 'The alert group is archived.'}
        </p>
      ) : null}
      {groups.length === 0 ? (
        <p className="rounded-2xl border border-dashed border-slate-300 bg-white p-5 text-slate-600">
          No alert groups yet.
        </p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-2xl border border-slate-200 bg-white shadow-sm">
          {groups.map((g) => (
            <li key={g.id} className="flex flex-wrap items-center justify-between gap-3 p-4">
              <Link
                href={`/admin/alert-groups/${g.id}`}
                className="font-semibold text-brand-800 underline-offset-2 hover:underline"
              >
                {g.name}
              </Link>
              <span className="text-sm text-slate-700">
                {g.memberCount === 1 ? '1 person' : `${g.memberCount} people`}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

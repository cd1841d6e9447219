import Link from 'next/link';
import { listCategories, type CategoryListItem } from '@/lib/admin';
import { param, requireAdminPage } from '../admin-page';
import { AdminPageHeader, buttonLink } from '../_components/page-header';
import { CategoryStatusBadge } from './status-badge';

export const metadata = { title: 'Categories' };

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function Row({ c }: { c: CategoryListItem }) {
  const child = c.parentId !== null;
  return (
    <li className={`flex flex-wrap items-start justify-between gap-3 p-4 ${child ? 'pl-8 sm:pl-12' : ''}`}>
      <div className="min-w-0 flex-1 basis-56">
        <p className="flex items-center gap-2">
          <span
            aria-hidden="true"
            className="inline-block h-4 w-4 shrink-0 rounded-full border border-slate-300"
            style={{ backgroundColor: c.colour }}
          />
          <Link
            href={`/admin/categories/${c.id}`}
            className="font-semibold break-words text-brand-800 underline-offset-2 hover:underline"
          >
            {c.name}
          </Link>
        </p>
        {c.parentName ? <p className="text-sm text-slate-600">Sub-category of {c.parentName}</p> : null}
        <p className="mt-1 text-sm text-slate-700">
          {count(c.incidents, 'incident')} · {count(c.monitoredNow, 'pupil')} monitored now ·{' '}
          {count(c.monitoringPeriods, 'monitoring period')} in all
        </p>
      </div>
      <CategoryStatusBadge status={c.status} legacy={c.legacy} mergedIntoName={c.mergedIntoName} />
    </li>
  );
}

export default async function CategoriesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requireAdminPage();
  const [list, query] = await Promise.all([listCategories(ctx), searchParams]);
  return (
    <div className="space-y-4">
      <AdminPageHeader
        title="Categories"
        intro="Incidents and monitoring are recorded in categories; each user group’s rights are set per category. A category that has been used cannot be deleted: disable it, or merge it into another."
      >
        <Link href="/admin/categories/new" className={buttonLink}>
          New category
        </Link>
      </AdminPageHeader>
      {param(query.deleted) ? (
        <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
          The category was deleted.
        </p>
      ) : null}
      <ul
        aria-label="Categories"
        className="divide-y divide-slate-200 rounded-2xl border border-slate-200 bg-white shadow-sm"
      >
        {list.map((c) => (
          <Row key={c.id} c={c} />
        ))}
      </ul>
    </div>
  );
}

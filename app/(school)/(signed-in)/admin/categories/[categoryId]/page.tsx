import Link from 'next/link';
import { getCategory, getNewCategoryChoices, mergeSummary } from '@/lib/admin';
import { orNotFound, param, requireAdminPage } from '../../admin-page';
import { AdminPageHeader } from '../../_components/page-header';
import { CategoryStatusForm, MergeCategoryForm, RenameCategoryForm } from '../category-manage';
import { CategoryStatusBadge } from '../status-badge';

export const metadata = { title: 'Category' };

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export default async function CategoryPage({
  params,
  searchParams,
}: {
  params: Promise<{ categoryId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requireAdminPage();
  const [{ categoryId }, query] = await Promise.all([params, searchParams]);
  const category = await orNotFound(getCategory(ctx, categoryId));
  const { colours } = await getNewCategoryChoices(ctx);
  const merged = category.status === 'merged';
  return (
    <div className="space-y-4">
      <AdminPageHeader
        title={category.name}
        intro={category.parentName ? `Sub-category of ${category.parentName}.` : undefined}
        back={{ href: '/admin/categories', label: 'Categories' }}
      />
      {param(query.created) ? (
        <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
          Category created.
        </p>
      ) : null}
      <div className="space-y-2 rounded-2xl border border-slate-200 bg-white p-5 shadow-sm">
        <CategoryStatusBadge
          status={category.status}
          legacy={category.legacy}
          mergedIntoName={category.mergedIntoName}
        />
        <p className="text-sm text-slate-700">
          {count(category.incidents, 'incident')} · {count(category.monitoredNow, 'pupil')} monitored now ·{' '}
          {count(category.monitoringPeriods, 'monitoring period')} in all
        </p>
        <p className="text-sm text-slate-700">
          Each group’s rights in this category are set on{' '}
          <Link href="/admin/groups" className="text-brand-700 underline underline-offset-2">
            User groups
          </Link>
          .
        </p>
      </div>
      {merged ? (
        <div className="space-y-2">
          {category.merge ? (
            <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
              {mergeSummary(category.merge.counts)}
            </p>
          ) : null}
          <p className="text-slate-700">This category was merged and is kept only so that history still reads.</p>
        </div>
      ) : (
        <>
          <RenameCategoryForm category={category} colours={colours} />
          <CategoryStatusForm category={category} />
          {category.neverUsed ? (
            <CategoryStatusForm category={category} remove />
          ) : (
            <MergeCategoryForm category={category} />
          )}
        </>
      )}
    </div>
  );
}

import Link from 'next/link';
import { ArchivedTag } from '@/app/_components/pupils/lozenges';
import { PupilList } from '@/app/_components/pupils/pupil-list';
import { toPupilRows } from '@/app/_components/pupils/pupil-row';
import { groupKindLabel, StudentFilters } from '@/app/_components/pupils/student-filters';
import { requireUserCtx, getNameStyle } from '@/lib/http';
import { dateInZone } from '@/lib/time';
import {
  ELEVATE_TO_FIND,
  finderCapabilities,
  LIST_LIMIT,
  listCategoryOptions,
  listGroupOptions,
  listStudents,
  type StudentList,
} from '@/lib/students';
import { BulkMonitoringList } from './bulk-monitoring-list';
import { isUuid } from '@/lib/ids';

export const metadata = { title: 'Students' };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

/**
 * Class registers, category lists and "Monitored students", with "Update
 * categories" for those who may change pupils' monitoring. Filters are the
 * address (GET), so a list can be bookmarked and works without JavaScript.
 */
export default async function StudentsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requireUserCtx();
  const caps = await finderCapabilities(ctx);
  if (caps.access !== 'allowed') {
    return (
      <section className="mx-auto max-w-lg rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-2xl font-semibold tracking-tight">Students</h1>
        {caps.access === 'needs_elevation' ? (
          <>
            <p className="mt-2 text-slate-600">
              {ELEVATE_TO_FIND} Pupil lists show who is monitored for what, so they need your key every session.
            </p>
            <Link
              href="/elevate"
              className="mt-4 inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700"
            >
              Elevate your access
            </Link>
          </>
        ) : (
          <p className="mt-2 text-slate-600">
            Your user group does not include pupil lists. You can still record a concern about any pupil.
          </p>
        )}
      </section>
    );
  }

  const sp = await searchParams;
  const group = first(sp.group).trim().slice(0, 60);
  const categoryParam = first(sp.category);
  const categoryId = isUuid(categoryParam) ? categoryParam.toLowerCase() : '';
  const includeArchived = caps.mayIncludeArchived && first(sp.archived) === '1';
  const [style, list, groups, categories] = await Promise.all([
    getNameStyle(ctx),
    listStudents(ctx, { group: group || undefined, categoryId: categoryId || undefined, includeArchived }),
    listGroupOptions(ctx, { includeArchived }),
    listCategoryOptions(ctx, { includeArchived }),
  ]);
  const category = categories.find((c) => c.id === categoryId);
  const rows = toPupilRows(list.items, style);
  const title = listTitle(list, group, category?.name);
  return (
    <div className="space-y-5">
      <div>
        <Link href="/" className="text-sm text-brand-700 underline underline-offset-2">
          <span aria-hidden="true">← </span>Dashboard
        </Link>
        <h1 className="mt-1 flex flex-wrap items-center gap-2 text-2xl font-semibold tracking-tight">
          {title}
          {includeArchived ? <ArchivedTag /> : null}
        </h1>
        <p className="mt-1 text-slate-600" aria-live="polite">
          {countLine(list)}
        </p>
      </div>
      <StudentFilters
        layout="row"
        groupKind={groups.kind}
        groups={groups.groups}
        categories={categories}
        group={group}
        categoryId={categoryId}
        includeArchived={includeArchived}
        offerArchived={caps.mayIncludeArchived}
      />
      {caps.mayUpdateCategories ? (
        <BulkMonitoringList
          key={`${group}|${categoryId}|${includeArchived}`}
          rows={rows}
          label={title}
          categories={categories.map((c) => ({ id: c.id, name: c.name, sub: c.parentId !== null }))}
          today={dateInZone(ctx.school.timeZone)}
        />
      ) : (
        <PupilList rows={rows} label={title} empty="Nobody matches. Choose another group or category." />
      )}
      {list.truncated ? (
        <p className="text-sm text-slate-600">
          Showing the first {LIST_LIMIT}. Choose a group or a category to see the others.
        </p>
      ) : null}
    </div>
  );

  function listTitle(l: StudentList, g: string, c: string | undefined): string {
    const groupName = l.groupKind === 'year' && /year/i.test(g) ? g : `${groupKindLabel(l.groupKind)} ${g}`;
    switch (l.kind) {
      case 'monitored':
        return 'Monitored students';
      case 'group':
        return groupName;
      case 'category':
        return c ?? 'Category';
      case 'group-category':
        return `${groupName} · ${c ?? 'Category'}`;
    }
  }
}

function countLine(l: StudentList): string {
  const n = l.total === 1 ? '1 pupil' : `${l.total} pupils`;
  switch (l.kind) {
    case 'monitored':
      return `${n} monitored in the categories you can see.`;
    case 'group':
      return `${n} in the register.`;
    default:
      return `${n} monitored for this category now.`;
  }
}

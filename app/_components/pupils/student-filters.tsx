import { controlClass } from '@/app/_components/field-frame';
import type { CategoryOption, GroupKind, GroupOption } from '@/lib/students';

export const groupKindLabel = (kind: GroupKind) => (kind === 'year' ? 'Year group' : 'Tutor group');

/** "Child Protection (2)", sub-categories indented under their parent. */
export function categoryOptionLabel(c: CategoryOption): string {
  return `${c.parentId ? '\u2003' : ''}${c.name} (${c.pupils})`;
}

/**
 * "Filter by group", "Filter by category" and "Include archived students": a
 * plain GET form to /students, so it works without JavaScript and the address
 * of a class list can be bookmarked. Only groups and categories the viewer
 * may see are offered.
 */
export function StudentFilters({
  groupKind,
  groups,
  categories,
  group = '',
  categoryId = '',
  includeArchived = false,
  offerArchived,
  layout,
}: {
  groupKind: GroupKind;
  groups: GroupOption[];
  categories: CategoryOption[];
  group?: string;
  categoryId?: string;
  includeArchived?: boolean;
  offerArchived: boolean;
  layout: 'stacked' | 'row';
}) {
  const row = layout === 'row';
  return (
    <form
      method="get"
      action="/students"
      aria-label="Filter pupils"
      className={
        row ? 'flex flex-wrap items-end gap-3 rounded-2xl border border-slate-200 bg-white p-4 shadow-sm' : 'space-y-4'
      }
    >
      <div className={row ? 'min-w-0 flex-1 basis-44' : ''}>
        <label htmlFor={`filter-group-${layout}`} className="block text-sm font-medium text-slate-800">
          Filter by group
        </label>
        <select key={group} id={`filter-group-${layout}`} name="group" defaultValue={group} className={controlClass()}>
          <option value="">{`Any ${groupKindLabel(groupKind).toLowerCase()}`}</option>
          {groups.map((g) => (
            <option key={g.name} value={g.name}>
              {`${g.name} (${g.pupils})`}
            </option>
          ))}
        </select>
      </div>
      <div className={row ? 'min-w-0 flex-1 basis-52' : ''}>
        <label htmlFor={`filter-category-${layout}`} className="block text-sm font-medium text-slate-800">
          Filter by category
        </label>
        <select
          key={categoryId}
          id={`filter-category-${layout}`}
          name="category"
          defaultValue={categoryId}
          className={controlClass()}
        >
          <option value="">Any category</option>
          {categories.map((c) => (
            <option key={c.id} value={c.id}>
              {categoryOptionLabel(c)}
            </option>
          ))}
        </select>
      </div>
      {offerArchived ? (
        <label className={`inline-flex items-center gap-2 text-sm text-slate-700 ${row ? 'min-h-11' : ''}`}>
          <input
            type="checkbox"
            name="archived"
            value="1"
            defaultChecked={includeArchived}
            className="h-4 w-4 rounded border-slate-300 accent-brand-600"
          />
          Include archived students
        </label>
      ) : null}
      <button
        type="submit"
        className={`inline-flex min-h-11 items-center justify-center rounded-lg border border-slate-300 bg-white px-4 py-2 font-medium text-slate-800 hover:bg-slate-50 ${row ? '' : 'w-full'}`}
      >
        Show pupils
      </button>
    </form>
  );
}

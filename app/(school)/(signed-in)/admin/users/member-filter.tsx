import type { GroupOption } from '@/lib/admin';
import { SelectField } from '../_components/select-field';

/** Filter by name or email and by user group: a plain GET form, so it works without JavaScript and the address can be shared. */
export function MemberFilter({
  action,
  q,
  groupId,
  groups,
}: {
  action: string;
  q: string;
  groupId: string;
  groups: GroupOption[];
}) {
  return (
    <form
      method="get"
      action={action}
      role="search"
      aria-label="Filter users"
      className="flex flex-wrap items-end gap-3 rounded-2xl border border-slate-200 bg-white p-4 shadow-sm"
    >
      <div className="min-w-0 flex-1 basis-56">
        <label htmlFor="filter-q" className="block text-sm font-medium text-slate-800">
          Name or email
        </label>
        <input
          id="filter-q"
          name="q"
          type="search"
          defaultValue={q}
          maxLength={100}
          autoComplete="off"
          className="mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2.5 text-base shadow-sm focus:border-brand-600"
        />
      </div>
      <SelectField
        name="group"
        id="filter-group"
        label="User group"
        className="min-w-0 flex-1 basis-48"
        defaultValue={groupId}
        placeholder="All groups"
        options={groups.map((g) => ({ value: g.id, label: g.name }))}
      />
      <button
        type="submit"
        className="inline-flex min-h-11 items-center rounded-lg border border-slate-300 bg-white px-4 py-2 font-medium text-slate-800 hover:bg-slate-50"
      >
        Filter
      </button>
    </form>
  );
}

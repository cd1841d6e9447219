'use client';

import type { CategoryOption } from '@/lib/incidents';

/**
 * Categories as checkboxes: top level first; a parent's sub-categories appear
 * once it is ticked (CSS `:has`), so the list stays short on a phone.
 * Only categories the user may add incidents in are offered.
 */
export function CategoryPicker({
  name,
  categories,
  initial,
  errors,
  legend,
}: {
  name: string;
  categories: CategoryOption[];
  initial: Set<string>;
  errors?: string[];
  legend: string;
}) {
  return (
    <fieldset aria-describedby={errors?.length ? `${name}-error` : undefined}>
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      <ul className="mt-2 grid gap-2 sm:grid-cols-2">
        {categories.map((c) => (
          <li
            key={c.id}
            className="group/cat rounded-lg border border-slate-200 bg-white has-[>label>input:checked]:border-slate-400"
          >
            <label className="flex min-h-11 cursor-pointer items-center gap-3 px-3 py-2">
              <input
                type="checkbox"
                name={name}
                value={c.id}
                defaultChecked={initial.has(c.id)}
                className="size-5 accent-brand-600"
                onChange={(e) => {
                  // Unticking a parent unticks its sub-categories, which are hidden with it.
                  if (e.currentTarget.checked) return;
                  e.currentTarget
                    .closest('li')
                    ?.querySelectorAll<HTMLInputElement>('ul input[type=checkbox]')
                    .forEach((x) => (x.checked = false));
                }}
              />
              <span
                className="inline-block size-3 shrink-0 rounded-full"
                style={{ background: c.colour }}
                aria-hidden="true"
              />
              <span>{c.name}</span>
            </label>
            {c.children.length > 0 ? (
              <ul
                className="hidden space-y-1 border-t border-slate-100 px-3 py-2 pl-11 group-has-[>label>input:checked]/cat:block"
                aria-label={`Kinds of ${c.name}`}
              >
                {c.children.map((s) => (
                  <li key={s.id}>
                    <label className="flex min-h-10 cursor-pointer items-center gap-3">
                      <input
                        type="checkbox"
                        name={name}
                        value={s.id}
                        defaultChecked={initial.has(s.id)}
                        className="size-5 accent-brand-600"
                      />
                      <span>{s.name}</span>
                    </label>
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
      {errors?.length ? (
        <p id={`${name}-error`} className="mt-1 text-sm font-medium text-rose-700">
          {errors.join(' ')}
        </p>
      ) : null}
    </fieldset>
  );
}

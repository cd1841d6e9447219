'use client';

import { useState } from 'react';
import type { CategoryOption } from '@/lib/incidents';
import { PupilSearch, type PupilHit } from '@/app/_components/pupil-search';

const ROLES = [
  { value: 'involved', label: 'Involved' },
  { value: 'affected', label: 'Affected' },
  { value: 'alleged_harm', label: 'Alleged to have caused harm' },
  { value: 'witness', label: 'Witness' },
] as const;

export interface LinkedPupil extends PupilHit {
  role: (typeof ROLES)[number]['value'];
  categoryIds: string[];
}

/**
 * Other pupils in the incident. The incident is copied to each of them; each
 * gets a role and their own monitoring categories, so a pupil alleged to have
 * caused harm is not monitored under the victim's category. One JSON field.
 */
export function LinkedPupils({
  name,
  initial,
  categories,
  exclude,
  errors,
}: {
  name: string;
  initial: LinkedPupil[];
  categories: CategoryOption[];
  exclude: string[];
  errors?: string[];
}) {
  const [linked, setLinked] = useState<LinkedPupil[]>(initial);
  const update = (id: string, change: Partial<LinkedPupil>) =>
    setLinked((all) => all.map((l) => (l.id === id ? { ...l, ...change } : l)));
  const flat = categories.flatMap((c) => [
    { id: c.id, name: c.name },
    ...c.children.map((s) => ({ id: s.id, name: `${c.name}: ${s.name}` })),
  ]);
  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-medium text-slate-800">Linked pupils</legend>
      <p className="text-sm text-slate-600">Other pupils in this incident. It is copied to each of their records.</p>
      <input
        type="hidden"
        name={name}
        value={JSON.stringify(linked.map((l) => ({ studentId: l.id, role: l.role, categoryIds: l.categoryIds })))}
      />
      {linked.map((l) => (
        <div key={l.id} className="space-y-3 rounded-xl border border-slate-200 bg-slate-50 p-3">
          <div className="flex items-center justify-between gap-2">
            <p className="font-medium">
              {l.name} {l.group ? <span className="font-normal text-slate-600">· {l.group}</span> : null}
            </p>
            <button
              type="button"
              onClick={() => setLinked((all) => all.filter((x) => x.id !== l.id))}
              className="min-h-11 rounded-lg px-3 text-sm text-slate-700 hover:bg-slate-200"
            >
              Remove
            </button>
          </div>
          <div>
            <label htmlFor={`role-${l.id}`} className="block text-sm font-medium text-slate-800">
              Their part
            </label>
            <select
              id={`role-${l.id}`}
              value={l.role}
              onChange={(e) => update(l.id, { role: e.target.value as LinkedPupil['role'] })}
              className="mt-1 block min-h-11 w-full rounded-lg border border-slate-300 bg-white px-3 text-base"
            >
              {ROLES.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}
                </option>
              ))}
            </select>
          </div>
          <details>
            <summary className="cursor-pointer text-sm font-medium text-brand-800">
              Monitor {l.name} under… {l.categoryIds.length > 0 ? `(${l.categoryIds.length} chosen)` : '(none)'}
            </summary>
            <ul className="mt-2 grid gap-1 sm:grid-cols-2">
              {flat.map((c) => (
                <li key={c.id}>
                  <label className="flex min-h-10 items-center gap-3">
                    <input
                      type="checkbox"
                      className="size-5 accent-brand-600"
                      checked={l.categoryIds.includes(c.id)}
                      onChange={(e) =>
                        update(l.id, {
                          categoryIds: e.target.checked
                            ? [...l.categoryIds, c.id]
                            : l.categoryIds.filter((x) => x !== c.id),
                        })
                      }
                    />
                    <span className="text-sm">{c.name}</span>
                  </label>
                </li>
              ))}
            </ul>
          </details>
        </div>
      ))}
      <PupilSearch
        label={linked.length === 0 ? 'Link a pupil' : 'Link another pupil'}
        exclude={[...exclude, ...linked.map((l) => l.id)]}
        onPick={(p) =>
          setLinked((all) => (all.length >= 30 ? all : [...all, { ...p, role: 'involved', categoryIds: [] }]))
        }
      />
      {errors?.length ? <p className="text-sm font-medium text-rose-700">{errors.join(' ')}</p> : null}
    </fieldset>
  );
}

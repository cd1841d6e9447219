'use client';

import { useId, useMemo, useState } from 'react';
import { controlClass } from '@/app/_components/field-frame';
import type { PersonOption } from '@/lib/incidents';

/**
 * "Alert staff": type to find people (chosen ones become removable chips) and
 * one toggle button per alert group. Posts `alertUserIds` and `alertGroupIds`
 * as comma-separated fields.
 */
export function AlertPicker({
  staff,
  groups,
  initialUsers,
  initialGroups,
  required,
  errors,
}: {
  staff: PersonOption[];
  groups: { id: string; name: string; members: number }[];
  initialUsers: string[];
  initialGroups: string[];
  required: boolean;
  errors?: string[];
}) {
  const id = useId();
  const [chosen, setChosen] = useState<string[]>(initialUsers.filter((u) => staff.some((s) => s.id === u)));
  const [chosenGroups, setChosenGroups] = useState<string[]>(
    initialGroups.filter((g) => groups.some((x) => x.id === g)),
  );
  const [q, setQ] = useState('');
  const byId = useMemo(() => new Map(staff.map((s) => [s.id, s])), [staff]);
  const t = q.trim().toLocaleLowerCase('en-GB');
  const matches =
    t.length === 0
      ? []
      : staff.filter((s) => !chosen.includes(s.id) && s.name.toLocaleLowerCase('en-GB').includes(t)).slice(0, 8);

  return (
    <fieldset className="space-y-3" aria-describedby={errors?.length ? `${id}-error` : undefined}>
      <legend className="text-sm font-medium text-slate-800">Alert staff{required ? ' (at least one)' : ''}</legend>
      <input type="hidden" name="alertUserIds" value={chosen.join(',')} />
      <input type="hidden" name="alertGroupIds" value={chosenGroups.join(',')} />
      {groups.length > 0 ? (
        <div className="flex flex-wrap gap-2">
          {groups.map((g) => {
            const on = chosenGroups.includes(g.id);
            return (
              <button
                key={g.id}
                type="button"
                aria-pressed={on}
                onClick={() => setChosenGroups((all) => (on ? all.filter((x) => x !== g.id) : [...all, g.id]))}
                className={`min-h-11 rounded-full border px-4 py-2 text-sm font-medium ${on ? 'border-brand-700 bg-brand-700 text-white' : 'border-slate-300 bg-white text-slate-800 hover:bg-slate-50'}`}
              >
                {on ? '✓ ' : ''}
                {g.name} <span className={on ? 'text-brand-100' : 'text-slate-500'}>({g.members})</span>
              </button>
            );
          })}
        </div>
      ) : null}
      {chosen.length > 0 ? (
        <ul className="flex flex-wrap gap-2" aria-label="People to alert">
          {chosen.map((u) => (
            <li
              key={u}
              className="inline-flex min-h-9 items-center gap-1 rounded-full bg-slate-100 py-1 pr-1 pl-3 text-sm"
            >
              {byId.get(u)?.name}
              <button
                type="button"
                onClick={() => setChosen((all) => all.filter((x) => x !== u))}
                className="inline-flex size-8 items-center justify-center rounded-full hover:bg-slate-200"
                aria-label={`Do not alert ${byId.get(u)?.name}`}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="relative">
        <label htmlFor={`${id}-q`} className="sr-only">
          Find someone to alert
        </label>
        <input
          id={`${id}-q`}
          type="search"
          autoComplete="off"
          placeholder="Find someone to alert"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && matches[0]) {
              e.preventDefault();
              setChosen((all) => [...all, matches[0]!.id]);
              setQ('');
            }
          }}
          className={controlClass(errors)}
        />
        {matches.length > 0 ? (
          <ul className="absolute z-20 mt-1 w-full rounded-xl border border-slate-200 bg-white p-1 shadow-lg">
            {matches.map((s) => (
              <li key={s.id}>
                <button
                  type="button"
                  onClick={() => {
                    setChosen((all) => [...all, s.id]);
                    setQ('');
                  }}
                  className="flex min-h-11 w-full items-center justify-between gap-3 rounded-lg px-3 py-2 text-left hover:bg-brand-50"
                >
                  <span className="font-medium">{s.name}</span>
                  <span className="text-sm text-slate-600">{s.group}</span>
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {errors?.length ? (
        <p id={`${id}-error`} className="text-sm font-medium text-rose-700">
          {errors.join(' ')}
        </p>
      ) : null}
    </fieldset>
  );
}

'use client';

import { useId, useMemo, useState } from 'react';
import type { AlertGroupCandidate, GroupOption } from '@/lib/admin';

/**
 * Choosing people: "Available" on one side, "Members" on the other, a filter by
 * name or user group, and buttons to move the selected or all shown. Native
 * multi-selects, so keyboard and screen readers work as they always do. The
 * chosen ids are posted as one field, `name`, comma-separated.
 */
export function DualListBox({
  name,
  candidates,
  groups,
  initial,
  errors,
}: {
  name: string;
  candidates: AlertGroupCandidate[];
  groups: GroupOption[];
  initial: string[];
  errors?: string[];
}) {
  const id = useId();
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(initial));
  const [text, setText] = useState('');
  const [groupId, setGroupId] = useState('');
  const [pickAvailable, setPickAvailable] = useState<string[]>([]);
  const [pickChosen, setPickChosen] = useState<string[]>([]);

  const matches = useMemo(() => {
    const t = text.trim().toLocaleLowerCase('en-GB');
    return (c: AlertGroupCandidate) =>
      (!t || c.displayName.toLocaleLowerCase('en-GB').includes(t)) && (!groupId || c.groupId === groupId);
  }, [text, groupId]);

  const available = candidates.filter((c) => !chosen.has(c.userId) && matches(c));
  const members = candidates.filter((c) => chosen.has(c.userId));

  const move = (ids: string[], into: boolean) => {
    setChosen((prev) => {
      const next = new Set(prev);
      for (const x of ids) {
        if (into) next.add(x);
        else next.delete(x);
      }
      return next;
    });
    setPickAvailable([]);
    setPickChosen([]);
  };

  const selected = (e: React.ChangeEvent<HTMLSelectElement>) => Array.from(e.target.selectedOptions, (o) => o.value);
  const button =
    'inline-flex min-h-11 items-center justify-center rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50 disabled:opacity-50';
  const list =
    'mt-1 block h-64 w-full rounded-lg border border-slate-300 bg-white p-1 text-sm shadow-sm focus:border-brand-600';

  return (
    <fieldset className="space-y-3" aria-describedby={errors?.length ? `${id}-error` : undefined}>
      <legend className="text-lg font-semibold">Members</legend>
      <input type="hidden" name={name} value={[...chosen].join(',')} />
      <div className="flex flex-wrap gap-3">
        <div className="min-w-0 flex-1 basis-48">
          <label htmlFor={`${id}-text`} className="block text-sm font-medium text-slate-800">
            Filter by name
          </label>
          <input
            id={`${id}-text`}
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoComplete="off"
            className="mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2.5 text-base shadow-sm focus:border-brand-600"
          />
        </div>
        <div className="min-w-0 flex-1 basis-48">
          <label htmlFor={`${id}-group`} className="block text-sm font-medium text-slate-800">
            Filter by user group
          </label>
          <select
            id={`${id}-group`}
            value={groupId}
            onChange={(e) => setGroupId(e.target.value)}
            className="mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2.5 text-base shadow-sm focus:border-brand-600"
          >
            <option value="">All groups</option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      {errors?.length ? (
        <p id={`${id}-error`} className="text-sm font-medium text-rose-700">
          {errors.join(' ')}
        </p>
      ) : null}
      <div className="grid gap-3 md:grid-cols-[1fr_auto_1fr] md:items-center">
        <div>
          <label htmlFor={`${id}-available`} className="block text-sm font-medium text-slate-800">
            Available ({available.length})
          </label>
          <select
            id={`${id}-available`}
            multiple
            value={pickAvailable}
            onChange={(e) => setPickAvailable(selected(e))}
            className={list}
          >
            {available.map((c) => (
              <option key={c.userId} value={c.userId}>
                {c.displayName} — {c.groupName}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-wrap justify-center gap-2 md:flex-col">
          <button
            type="button"
            className={button}
            disabled={pickAvailable.length === 0}
            onClick={() => move(pickAvailable, true)}
          >
            Add selected <span aria-hidden="true">→</span>
          </button>
          <button
            type="button"
            className={button}
            disabled={available.length === 0}
            onClick={() =>
              move(
                available.map((c) => c.userId),
                true,
              )
            }
          >
            Add all shown <span aria-hidden="true">»</span>
          </button>
          <button
            type="button"
            className={button}
            disabled={pickChosen.length === 0}
            onClick={() => move(pickChosen, false)}
          >
            <span aria-hidden="true">←</span> Remove selected
          </button>
          <button
            type="button"
            className={button}
            disabled={members.length === 0}
            onClick={() =>
              move(
                members.map((c) => c.userId),
                false,
              )
            }
          >
            <span aria-hidden="true">«</span> Remove all
          </button>
        </div>
        <div>
          <label htmlFor={`${id}-chosen`} className="block text-sm font-medium text-slate-800">
            In this alert group ({members.length})
          </label>
          <select
            id={`${id}-chosen`}
            multiple
            value={pickChosen}
            onChange={(e) => setPickChosen(selected(e))}
            className={list}
          >
            {members.map((c) => (
              <option key={c.userId} value={c.userId}>
                {c.displayName} — {c.groupName}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="text-sm text-slate-600" aria-live="polite">
        {members.length === 1 ? '1 person chosen.' : `${members.length} people chosen.`}
      </p>
    </fieldset>
  );
}

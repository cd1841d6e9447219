'use client';

import { useId, useState } from 'react';
import { controlClass } from '@/app/_components/field-frame';

export interface Colleague {
  id: string;
  name: string;
}

/**
 * "Share with": an autocomplete over the colleagues the server offered (this
 * school's planner users); the chosen ones are chips with hidden fields.
 */
export function ColleaguePicker({
  colleagues,
  chosen,
  onChange,
  errors,
}: {
  colleagues: Colleague[];
  chosen: Colleague[];
  onChange: (list: Colleague[]) => void;
  errors?: string[];
}) {
  const id = `colleagues-${useId()}`;
  const listId = `${id}-list`;
  const [q, setQ] = useState('');
  const [active, setActive] = useState(0);
  const text = q.trim().toLowerCase();
  const hits = text
    ? colleagues.filter((c) => c.name.toLowerCase().includes(text) && !chosen.some((x) => x.id === c.id)).slice(0, 8)
    : [];
  const pick = (c: Colleague) => {
    onChange([...chosen, c]);
    setQ('');
  };
  return (
    <div>
      <div className="relative">
        <label htmlFor={id} className="block text-sm font-medium text-slate-800">
          Share with colleagues
        </label>
        <input
          id={id}
          type="search"
          role="combobox"
          aria-expanded={hits.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={hits[active] ? `${listId}-${hits[active].id}` : undefined}
          aria-invalid={errors?.length ? true : undefined}
          autoComplete="off"
          placeholder="Type part of a name"
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              setActive((a) => Math.min(a + 1, hits.length - 1));
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              setActive((a) => Math.max(a - 1, 0));
            } else if (e.key === 'Enter' && hits[active]) {
              e.preventDefault();
              pick(hits[active]);
            } else if (e.key === 'Escape') setQ('');
          }}
          className={controlClass(errors)}
        />
        {text && hits.length === 0 ? (
          <p className="mt-1 text-sm text-slate-600">No colleague who uses the planner has that name.</p>
        ) : null}
        {hits.length > 0 ? (
          <ul
            id={listId}
            role="listbox"
            className="absolute z-20 mt-1 max-h-72 w-full overflow-auto rounded-xl border border-slate-200 bg-white p-1 shadow-lg"
          >
            {hits.map((c, i) => (
              <li
                key={c.id}
                id={`${listId}-${c.id}`}
                role="option"
                aria-selected={i === active}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => pick(c)}
                className={`flex min-h-11 cursor-pointer items-center rounded-lg px-3 py-2 ${i === active ? 'bg-brand-50' : ''}`}
              >
                {c.name}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {errors?.length ? <p className="mt-1 text-sm font-medium text-rose-700">{errors.join(' ')}</p> : null}
      <ul aria-label="Shared with" className="mt-2 flex flex-wrap gap-2">
        {chosen.map((c) => (
          <li key={c.id} className="flex items-center gap-1 rounded-full bg-slate-100 py-1 pr-1 pl-3 text-sm">
            {c.name}
            <input type="hidden" name="sharedWith" value={c.id} />
            <button
              type="button"
              onClick={() => onChange(chosen.filter((x) => x.id !== c.id))}
              className="min-h-8 rounded-full px-2 hover:bg-slate-200"
              aria-label={`Remove ${c.name}`}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

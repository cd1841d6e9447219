'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { controlClass } from '@/app/_components/field-frame';

export interface PupilHit {
  id: string;
  name: string;
  group: string | null;
}

/**
 * A combobox over the pupils this person may pick (the server decides who
 * that is). Type two letters, move with the arrow keys, Enter or tap to
 * choose. Calls `onPick` and clears itself.
 */
export function PupilSearch({
  label,
  onPick,
  exclude = [],
  errors,
  inputId,
}: {
  label: string;
  onPick: (pupil: PupilHit) => void;
  exclude?: readonly string[];
  errors?: string[];
  inputId?: string;
}) {
  const autoId = useId();
  const id = inputId ?? `pupil-search-${autoId}`;
  const listId = `${id}-list`;
  const [q, setQ] = useState('');
  const [found, setHits] = useState<PupilHit[]>([]);
  const [active, setActive] = useState(0);
  const [status, setStatus] = useState<'idle' | 'loading' | 'error' | 'signed-out'>('idle');
  const seq = useRef(0);

  useEffect(() => {
    const text = q.trim();
    const mine = ++seq.current;
    if (text.length < 2) return;
    const timer = setTimeout(async () => {
      setStatus('loading');
      try {
        const res = await fetch(`/incidents/new/pupils?q=${encodeURIComponent(text)}`, {
          headers: { accept: 'application/json' },
        });
        if (mine !== seq.current) return;
        if (res.status === 401) return setStatus('signed-out');
        if (!res.ok) return setStatus('error');
        const body = (await res.json()) as { pupils: PupilHit[] };
        setHits(body.pupils.filter((p) => !exclude.includes(p.id)));
        setActive(0);
        setStatus('idle');
      } catch {
        if (mine === seq.current) setStatus('error');
      }
    }, 180);
    return () => clearTimeout(timer);
  }, [q, exclude]);

  // Fewer than two letters shows nothing, whatever an earlier answer held.
  const hits = q.trim().length < 2 ? [] : found;

  const pick = (p: PupilHit) => {
    onPick(p);
    setQ('');
    setHits([]);
  };

  return (
    <div className="relative">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
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
        onChange={(e) => setQ(e.target.value)}
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
          } else if (e.key === 'Escape') {
            setHits([]);
          }
        }}
        className={controlClass(errors)}
      />
      <p className="sr-only" aria-live="polite">
        {hits.length > 0 ? `${hits.length} pupils found` : ''}
      </p>
      {status === 'signed-out' ? (
        <p className="mt-1 text-sm text-rose-700">
          Your session has ended: sign in again. What you typed is kept on this device.
        </p>
      ) : null}
      {status === 'error' ? (
        <p className="mt-1 text-sm text-rose-700">The search did not answer. Check the connection and type again.</p>
      ) : null}
      {q.trim().length >= 2 && status === 'idle' && hits.length === 0 ? (
        <p className="mt-1 text-sm text-slate-600">No pupil found.</p>
      ) : null}
      {hits.length > 0 ? (
        <ul
          id={listId}
          role="listbox"
          className="absolute z-20 mt-1 max-h-72 w-full overflow-auto rounded-xl border border-slate-200 bg-white p-1 shadow-lg"
        >
          {hits.map((p, i) => (
            <li
              key={p.id}
              id={`${listId}-${p.id}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(p)}
              className={`flex min-h-11 cursor-pointer items-center justify-between gap-3 rounded-lg px-3 py-2 ${i === active ? 'bg-brand-50' : ''}`}
            >
              <span className="font-medium">{p.name}</span>
              {p.group ? <span className="text-sm text-slate-600">{p.group}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

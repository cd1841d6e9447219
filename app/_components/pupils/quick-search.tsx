'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { CategoryTags } from '../category-tags';
import { profileHref } from './pupil-row';

interface Suggestion {
  id: string;
  name: string;
  group: string;
  archived: boolean;
  categories: { name: string; colour: string; textColour: string }[];
}

type Found =
  { state: 'idle' } | { state: 'done'; items: Suggestion[]; truncated: boolean } | { state: 'error'; message: string };

const DEBOUNCE_MS = 150;

/**
 * Quick Student Search. Without JavaScript it is a plain GET form whose
 * results the dashboard renders; with it, matching pupils appear as you type
 * (a combobox: arrow keys move, Enter opens the pupil, Escape closes), fetched
 * from /students/search, which applies the same permissions and name style.
 */
export function QuickSearch({
  query,
  includeArchived,
  offerArchived,
}: {
  query: string;
  includeArchived: boolean;
  offerArchived: boolean;
}) {
  const router = useRouter();
  const id = useId();
  const inputId = `${id}-q`;
  const listId = `${id}-list`;
  const [value, setValue] = useState(query);
  const [archived, setArchived] = useState(includeArchived);
  const [found, setFound] = useState<Found>({ state: 'idle' });
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  // Only what the person types fetches: the server already rendered results for the submitted query.
  const typed = useRef(false);

  useEffect(() => {
    if (!typed.current) return;
    const q = value.trim();
    if (q.length === 0) return;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const params = new URLSearchParams({ q });
        if (archived) params.set('archived', '1');
        const res = await fetch(`/students/search?${params}`, {
          signal: controller.signal,
          headers: { accept: 'application/json' },
          cache: 'no-store',
        });
        const body = (await res.json()) as { items?: Suggestion[]; truncated?: boolean; error?: string };
        if (!res.ok || !body.items) {
          setFound({ state: 'error', message: body.error ?? 'Search is not available just now.' });
        } else {
          setFound({ state: 'done', items: body.items, truncated: Boolean(body.truncated) });
        }
        setActive(-1);
        setOpen(true);
      } catch (e) {
        if ((e as Error).name !== 'AbortError')
          setFound({ state: 'error', message: 'Search is not available just now.' });
      }
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [value, archived]);

  const items = found.state === 'done' ? found.items : [];
  const go = (pupilId: string) => {
    setOpen(false);
    router.push(profileHref(pupilId));
  };

  function onKeyDown(e: React.KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown' && items.length > 0) {
      e.preventDefault();
      setOpen(true);
      setActive((i) => (i + 1) % items.length);
    } else if (e.key === 'ArrowUp' && items.length > 0) {
      e.preventDefault();
      setOpen(true);
      setActive((i) => (i <= 0 ? items.length - 1 : i - 1));
    } else if (e.key === 'Enter' && open && active >= 0 && items[active]) {
      e.preventDefault();
      go(items[active].id);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      setOpen(false);
      setActive(-1);
    }
  }

  const status =
    found.state === 'error'
      ? found.message
      : found.state === 'done'
        ? found.items.length === 0
          ? 'No pupils match.'
          : `${found.items.length}${found.truncated ? '+' : ''} ${found.items.length === 1 ? 'pupil' : 'pupils'} found. Use the arrow keys to choose.`
        : '';
  const showList = open && found.state !== 'idle';

  return (
    <form method="get" action="/" role="search" aria-label="Find a pupil">
      <label id={`${id}-label`} htmlFor={inputId} className="block text-lg font-semibold text-slate-900">
        Quick Student Search
      </label>
      <p id={`${id}-hint`} className="mt-0.5 text-sm text-slate-600">
        Any part of a name, legal or preferred, or a keyword.
      </p>
      <div className="relative mt-3 flex gap-2">
        <div className="min-w-0 flex-1">
          <span
            aria-hidden="true"
            className="pointer-events-none absolute top-0 left-3 flex h-12 items-center text-slate-400"
          >
            <svg viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="2" className="h-5 w-5">
              <circle cx="8.5" cy="8.5" r="5.5" />
              <path d="m13 13 4 4" strokeLinecap="round" />
            </svg>
          </span>
          <input
            id={inputId}
            name="q"
            type="search"
            role="combobox"
            aria-expanded={showList}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={showList && active >= 0 ? `${listId}-${active}` : undefined}
            aria-describedby={`${id}-hint`}
            autoComplete="off"
            spellCheck={false}
            maxLength={100}
            value={value}
            onChange={(e) => {
              typed.current = true;
              setValue(e.target.value);
              if (e.target.value.trim() === '') {
                setFound({ state: 'idle' });
                setOpen(false);
              }
            }}
            onKeyDown={onKeyDown}
            onFocus={() => found.state !== 'idle' && setOpen(true)}
            onBlur={() => setOpen(false)}
            placeholder="e.g. zoe ob"
            className="block h-12 w-full rounded-xl border border-slate-300 bg-white pr-3 pl-10 text-base shadow-sm focus:border-brand-600"
          />
          <div
            id={listId}
            role="listbox"
            aria-label="Matching pupils"
            hidden={!showList}
            className="absolute inset-x-0 z-20 mt-1 max-h-[70vh] overflow-y-auto rounded-xl border border-slate-200 bg-white p-1 shadow-lg"
          >
            {items.map((s, i) => (
              <div
                key={s.id}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                onMouseDown={(e) => e.preventDefault() /* keep focus in the input so the click lands */}
                onClick={() => go(s.id)}
                onMouseEnter={() => setActive(i)}
                className={`cursor-pointer rounded-lg px-3 py-2 ${i === active ? 'bg-brand-50 ring-1 ring-brand-600' : ''}`}
              >
                <span className="flex flex-wrap items-baseline justify-between gap-x-3">
                  <span className="font-medium text-slate-900">{s.name}</span>
                  <span className="text-sm text-slate-600">
                    {s.group}
                    {s.archived ? ' · Archived' : ''}
                  </span>
                </span>
                {s.categories.length > 0 ? <CategoryTags categories={s.categories} /> : null}
              </div>
            ))}
            {found.state !== 'idle' && items.length === 0 ? (
              <p className="px-3 py-2 text-sm text-slate-600">{status}</p>
            ) : null}
            {found.state === 'done' && found.truncated ? (
              <p className="border-t border-slate-100 px-3 py-2 text-xs text-slate-600">
                More pupils match: press Search to see them all, or type more.
              </p>
            ) : null}
          </div>
        </div>
        <button
          type="submit"
          className="inline-flex h-12 shrink-0 items-center rounded-xl bg-brand-600 px-4 font-medium text-white hover:bg-brand-700"
        >
          Search
        </button>
      </div>
      {offerArchived ? (
        <label className="mt-3 inline-flex items-center gap-2 text-sm text-slate-700">
          <input
            type="checkbox"
            name="archived"
            value="1"
            checked={archived}
            onChange={(e) => {
              typed.current = true;
              setArchived(e.target.checked);
            }}
            className="h-4 w-4 rounded border-slate-300 accent-brand-600"
          />
          Include archived students
        </label>
      ) : null}
      <p aria-live="polite" className="sr-only">
        {showList ? status : ''}
      </p>
    </form>
  );
}

'use client';

import Link from 'next/link';
import { startTransition, useActionState, useEffect, useId, useRef, useState } from 'react';
import { controlClass, describedBy } from '@/app/_components/field-frame';
import { FormMessage } from '@/app/_components/form-controls';
import { AddIncidentLink } from '@/app/_components/pupils/add-incident-link';
import { ArchivedTag, Lozenges } from '@/app/_components/pupils/lozenges';
import { profileHref, type PupilRow } from '@/app/_components/pupils/pupil-row';
import { initialFormState } from '@/lib/http/client';
import { updateCategoriesAction } from './actions';

type Change = 'add' | 'remove' | 'wipe';

const CHANGES: { value: Change; label: string; hint: string }[] = [
  { value: 'add', label: 'Add a category', hint: 'Start monitoring the ticked pupils.' },
  { value: 'remove', label: 'Remove a category', hint: 'Stop monitoring them in one category.' },
  { value: 'wipe', label: 'Remove all categories', hint: 'Stop every category you can see for them.' },
];

/**
 * A class or category list with "Update categories": tick pupils (or select
 * all), choose what to do, and save it for all of them at once. The server
 * checks every pupil and the category again and refuses the whole change if
 * any is out of reach.
 */
export function BulkMonitoringList({
  rows,
  label,
  categories,
  today,
}: {
  rows: PupilRow[];
  label: string;
  categories: { id: string; name: string; sub: boolean }[];
  today: string;
}) {
  const id = useId();
  const [state, formAction, pending] = useActionState(updateCategoriesAction, initialFormState);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [change, setChange] = useState<Change>('add');
  const [categoryId, setCategoryId] = useState('');
  const [date, setDate] = useState(today);
  const selectAll = useRef<HTMLInputElement>(null);
  const errors = state.fieldErrors;

  const allTicked = rows.length > 0 && selected.size === rows.length;
  useEffect(() => {
    if (selectAll.current) selectAll.current.indeterminate = selected.size > 0 && !allTicked;
  }, [selected, allTicked]);
  // A saved change clears the ticks (adjusted while rendering, as React recommends for
  // state that follows another); the refreshed list shows the new lozenges.
  const [answered, setAnswered] = useState(state);
  if (answered !== state) {
    setAnswered(state);
    if (state.done) setSelected(new Set());
  }

  const toggle = (pupilId: string, on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(pupilId);
      else next.delete(pupilId);
      return next;
    });

  if (rows.length === 0) {
    return (
      <p className="rounded-xl border border-dashed border-slate-300 bg-white px-4 py-5 text-slate-600">
        Nobody matches. Choose another group or category.
      </p>
    );
  }

  const n = selected.size;
  const panelId = `${id}-panel`;
  return (
    <form
      action={formAction}
      // With JavaScript, submit without React's form reset: the ticks and choices are state and must survive an error.
      onSubmit={(e) => {
        e.preventDefault();
        if (pending) return;
        const data = new FormData(e.currentTarget);
        startTransition(() => formAction(data));
      }}
      className="grid gap-5 lg:grid-cols-[minmax(0,1fr)_20rem] lg:items-start"
    >
      <div className="min-w-0">
        <div className="overflow-hidden rounded-xl border border-slate-200 bg-white">
          <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 bg-slate-50 px-4 py-2">
            <label className="inline-flex min-h-10 items-center gap-3 text-sm font-medium text-slate-800">
              <input
                ref={selectAll}
                type="checkbox"
                checked={allTicked}
                onChange={(e) => setSelected(e.target.checked ? new Set(rows.map((r) => r.id)) : new Set())}
                className="h-5 w-5 rounded border-slate-300 accent-brand-600"
              />
              Select all
            </label>
            <span className="text-sm text-slate-600" aria-live="polite">
              {n === 0 ? 'None ticked' : `${n} ticked`}
            </span>
          </div>
          {errors.studentIds?.length ? (
            <p
              id={`${id}-students-error`}
              className="border-b border-rose-200 bg-rose-50 px-4 py-2 text-sm font-medium text-rose-800"
            >
              {errors.studentIds.join(' ')}
            </p>
          ) : null}
          <ul aria-label={label} className="divide-y divide-slate-100">
            {rows.map((r) => {
              const on = selected.has(r.id);
              return (
                <li
                  key={r.id}
                  className={`grid grid-cols-[auto_minmax(0,1fr)_auto] items-start gap-x-3 gap-y-1 px-4 py-3 sm:grid-cols-[auto_minmax(11rem,1.2fr)_minmax(6rem,0.6fr)_2fr_auto] sm:items-center ${on ? 'bg-brand-50' : ''}`}
                >
                  <input
                    type="checkbox"
                    name="studentIds"
                    value={r.id}
                    checked={on}
                    onChange={(e) => toggle(r.id, e.target.checked)}
                    aria-label={`Tick ${r.name}`}
                    className="mt-0.5 h-5 w-5 rounded border-slate-300 accent-brand-600 sm:mt-0"
                  />
                  <span className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1">
                    <Link
                      href={profileHref(r.id)}
                      className="font-medium text-brand-800 underline-offset-2 hover:underline"
                    >
                      {r.name}
                    </Link>
                    {r.archived ? <ArchivedTag /> : null}
                    <span className="w-full text-sm text-slate-600 sm:hidden">{r.group}</span>
                  </span>
                  <span className="hidden text-sm text-slate-600 sm:block">{r.group}</span>
                  <Lozenges categories={r.categories} className="col-start-2 sm:col-start-auto" />
                  <span className="col-start-3 row-span-2 row-start-1 sm:col-start-auto sm:row-span-1 sm:row-start-auto">
                    <AddIncidentLink studentId={r.id} name={r.name} />
                  </span>
                </li>
              );
            })}
          </ul>
        </div>
        {n > 0 ? (
          <a
            href={`#${panelId}`}
            className="sticky bottom-3 z-20 mt-3 flex min-h-12 items-center justify-between rounded-xl bg-brand-700 px-4 text-white shadow-lg lg:hidden"
          >
            <span>{n} ticked</span>
            <span className="font-medium">Update categories ↓</span>
          </a>
        ) : null}
      </div>

      <fieldset
        id={panelId}
        className="space-y-4 rounded-2xl border border-slate-200 bg-white p-4 shadow-sm lg:sticky lg:top-4"
      >
        <legend className="float-left w-full text-lg font-semibold">Update categories</legend>
        <div className="clear-both space-y-2" role="radiogroup" aria-label="What to do">
          {CHANGES.map((c) => (
            <label
              key={c.value}
              className={`flex cursor-pointer gap-3 rounded-lg border px-3 py-2 ${change === c.value ? 'border-brand-600 bg-brand-50' : 'border-slate-200'}`}
            >
              <input
                type="radio"
                name="change"
                value={c.value}
                checked={change === c.value}
                onChange={() => setChange(c.value)}
                className="mt-1 h-4 w-4 accent-brand-600"
              />
              <span>
                <span className="block font-medium text-slate-900">{c.label}</span>
                <span className="block text-sm text-slate-600">{c.hint}</span>
              </span>
            </label>
          ))}
        </div>
        {change !== 'wipe' ? (
          <div>
            <label htmlFor={`${id}-category`} className="block text-sm font-medium text-slate-800">
              Category
            </label>
            <select
              id={`${id}-category`}
              name="categoryId"
              value={categoryId}
              onChange={(e) => setCategoryId(e.target.value)}
              aria-invalid={errors.categoryId?.length ? true : undefined}
              aria-describedby={describedBy(`${id}-category`, undefined, errors.categoryId)}
              className={controlClass(errors.categoryId)}
            >
              <option value="">Choose a category</option>
              {categories.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.sub ? `\u2003${c.name}` : c.name}
                </option>
              ))}
            </select>
            {errors.categoryId?.length ? (
              <p id={`${id}-category-error`} className="mt-1 text-sm font-medium text-rose-700">
                {errors.categoryId.join(' ')}
              </p>
            ) : null}
          </div>
        ) : null}
        <div>
          <label htmlFor={`${id}-date`} className="block text-sm font-medium text-slate-800">
            {change === 'add' ? 'Starting on' : 'Ending on'}
          </label>
          <input
            id={`${id}-date`}
            name="date"
            type="date"
            value={date}
            max={today}
            required
            onChange={(e) => setDate(e.target.value)}
            aria-invalid={errors.date?.length ? true : undefined}
            aria-describedby={describedBy(`${id}-date`, undefined, errors.date)}
            className={controlClass(errors.date)}
          />
          {errors.date?.length ? (
            <p id={`${id}-date-error`} className="mt-1 text-sm font-medium text-rose-700">
              {errors.date.join(' ')}
            </p>
          ) : null}
        </div>
        <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
        <button
          type="submit"
          disabled={pending}
          aria-disabled={pending}
          className="inline-flex min-h-11 items-center justify-center rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
        >
          {pending ? 'Saving…' : n === 0 ? 'Update categories' : `Update ${n === 1 ? '1 pupil' : `${n} pupils`}`}
        </button>
      </fieldset>
    </form>
  );
}

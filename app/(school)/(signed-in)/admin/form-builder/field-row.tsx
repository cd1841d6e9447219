'use client';

import Link from 'next/link';
import { useActionState, useEffect, useRef } from 'react';
import { FormMessage, SubmitButton } from '@/app/_components/form-controls';
import { controlClass, describedBy, FieldFrame } from '@/app/_components/field-frame';
import type { FormBuilderRow } from '@/lib/admin/client';
import { initialFormState } from '@/lib/http/client';
import type { FormKind } from '@/lib/settings';
import { fieldAdviceAction, moveFieldAction } from './actions';

const moveButton =
  'inline-flex min-h-11 min-w-11 items-center justify-center gap-1 rounded-lg border border-slate-300 bg-white px-3 text-sm font-medium text-slate-800 hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-40';

function MoveButtons({ form, version, row, first, last }: RowProps) {
  const [state, move, pending] = useActionState(moveFieldAction, initialFormState);
  const pressed = useRef<HTMLButtonElement | null>(null);
  const up = useRef<HTMLButtonElement>(null);
  const down = useRef<HTMLButtonElement>(null);
  // The row moves in the list, which can take the focus from its button: give it back, so
  // a keyboard user can press again (or the other one, when this end of the list is reached).
  useEffect(() => {
    if (!state.done || !pressed.current) return;
    const target = pressed.current.disabled ? (pressed.current === up.current ? down : up).current : pressed.current;
    target?.focus();
  }, [state]);
  return (
    <form action={move} className="flex flex-wrap gap-2">
      <input type="hidden" name="form" value={form} />
      <input type="hidden" name="version" value={version} />
      <input type="hidden" name="entry" value={row.entry} />
      <button
        ref={up}
        type="submit"
        name="to"
        value="up"
        disabled={first || pending}
        onClick={(e) => (pressed.current = e.currentTarget)}
        className={moveButton}
      >
        <span aria-hidden="true">↑</span> Up<span className="sr-only"> {row.label}</span>
      </button>
      <button
        ref={down}
        type="submit"
        name="to"
        value="down"
        disabled={last || pending}
        onClick={(e) => (pressed.current = e.currentTarget)}
        className={moveButton}
      >
        <span aria-hidden="true">↓</span> Down<span className="sr-only"> {row.label}</span>
      </button>
      {state.message && !state.done ? (
        <p role="alert" className="basis-full rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}

function AdviceForm({ form, version, row }: RowProps) {
  const [state, save] = useActionState(fieldAdviceAction, initialFormState);
  const id = `advice-${row.entry}`;
  const errors = state.fieldErrors.advice;
  return (
    <form action={save} noValidate className="space-y-2">
      <input type="hidden" name="form" value={form} />
      <input type="hidden" name="version" value={version} />
      <input type="hidden" name="entry" value={row.entry} />
      <div className="flex flex-wrap items-end gap-2">
        <FieldFrame id={id} label={`Advice under “${row.label}”`} errors={errors} className="min-w-0 flex-1 basis-64">
          <textarea
            id={id}
            name="advice"
            rows={row.advice ? 2 : 1}
            maxLength={300}
            // Keyed so a saved advice shows as stored and a refused one keeps what was typed.
            key={state.done ? `saved-${row.advice}` : 'typing'}
            defaultValue={state.done ? row.advice : (state.values.advice ?? row.advice)}
            placeholder="No advice"
            aria-invalid={errors?.length ? true : undefined}
            aria-describedby={describedBy(id, undefined, errors)}
            className={controlClass(errors)}
          />
        </FieldFrame>
        <SubmitButton variant="secondary" pendingLabel="Saving…">
          Save advice<span className="sr-only"> for {row.label}</span>
        </SubmitButton>
      </div>
      <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
    </form>
  );
}

interface RowProps {
  form: FormKind;
  version: string;
  row: FormBuilderRow;
  first: boolean;
  last: boolean;
}

/** One field: what it is, where it appears, Up / Down, its advice, and Edit for the school's own fields. */
export function FieldRow({
  dragHandle,
  ...props
}: RowProps & { dragHandle: React.HTMLAttributes<HTMLSpanElement> & { draggable: boolean } }) {
  const { form, row } = props;
  const appearsFor = row.custom
    ? form === 'student'
      ? 'Every pupil'
      : row.categoryNames.length > 0
        ? row.categoryNames.join(', ')
        : 'All categories'
    : null;
  return (
    <div className="grid gap-3 p-4 lg:grid-cols-[minmax(0,17rem)_minmax(0,1fr)_auto] lg:items-start">
      <div className="flex min-w-0 gap-3">
        <span
          aria-hidden="true"
          title="Drag to move"
          {...dragHandle}
          className="mt-0.5 hidden cursor-grab touch-none rounded px-1 text-xl leading-none text-slate-400 select-none hover:text-slate-700 sm:block"
        >
          ⠿
        </span>
        <div className="min-w-0 flex-1">
          <h3 className="font-semibold break-words text-slate-900">{row.label}</h3>
          <p className="text-sm text-slate-600">
            <span
              className={`mr-2 inline-block rounded-full px-2 py-0.5 text-xs font-medium ${row.custom ? 'bg-brand-50 text-brand-900' : 'bg-slate-100 text-slate-700'}`}
            >
              {row.custom ? 'Your field' : 'Built-in'}
            </span>
            {row.custom ? row.kindLabel : null}
          </p>
          {appearsFor ? (
            <p className="text-sm text-slate-600">
              <span className="font-medium text-slate-700">Appears for:</span> {appearsFor}
            </p>
          ) : null}
          {row.custom?.kind === 'dropdown' ? (
            <p className="text-sm break-words text-slate-600">
              <span className="font-medium text-slate-700">Options:</span> {row.custom.options.join(' · ')}
            </p>
          ) : null}
        </div>
      </div>
      <div className="flex flex-wrap gap-2 lg:order-3 lg:justify-end">
        <MoveButtons {...props} />
        {row.custom ? (
          <Link
            href={`/admin/form-builder/${row.entry}?form=${form}`}
            className="inline-flex min-h-11 items-center rounded-lg border border-slate-300 bg-white px-3 text-sm font-medium text-slate-800 hover:bg-slate-50"
          >
            Edit<span className="sr-only"> {row.label}</span>
          </Link>
        ) : null}
      </div>
      <div className="lg:order-2">
        <AdviceForm {...props} />
      </div>
    </div>
  );
}

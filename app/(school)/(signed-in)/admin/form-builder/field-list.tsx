'use client';

import { startTransition, useActionState, useOptimistic, useState } from 'react';
import { FormMessage } from '@/app/_components/form-controls';
import type { FormBuilderRow } from '@/lib/admin/client';
import { initialFormState } from '@/lib/http/client';
import type { FormKind } from '@/lib/settings';
import { moveFieldAction } from './actions';
import { FieldRow } from './field-row';

function reorder(rows: FormBuilderRow[], move: { entry: string; to: number }): FormBuilderRow[] {
  const from = rows.findIndex((r) => r.entry === move.entry);
  if (from < 0) return rows;
  const next = [...rows];
  const [moved] = next.splice(from, 1);
  next.splice(move.to, 0, moved!);
  return next;
}

/**
 * The form's fields in order. A field is dragged by its handle and dropped on
 * another's place (the same move the Up and Down buttons make, to an index);
 * the list shows the new order at once and the server's answer replaces it.
 * Keyboard and screen-reader users use the buttons, which work without
 * JavaScript too.
 */
/** The drag's own type: only a field of this list is dropped here, and its entry travels with the drag. */
const FIELD_TYPE = 'application/x-haven-form-field';

export function FieldList({ form, version, rows }: { form: FormKind; version: string; rows: FormBuilderRow[] }) {
  const [state, move, pending] = useActionState(moveFieldAction, initialFormState);
  const [shown, showMove] = useOptimistic(rows, reorder);
  const [dragged, setDragged] = useState<string | null>(null);
  const [over, setOver] = useState<number | null>(null);

  function startDrag(e: React.DragEvent<HTMLElement>, entry: string) {
    e.dataTransfer.effectAllowed = 'move';
    e.dataTransfer.setData(FIELD_TYPE, entry);
    // The handle starts the drag; the whole field is what is seen moving.
    const item = e.currentTarget.closest('li');
    if (item) e.dataTransfer.setDragImage(item, 24, 24);
    setDragged(entry);
  }

  function drop(e: React.DragEvent<HTMLElement>, to: number) {
    const entry = e.dataTransfer.getData(FIELD_TYPE);
    setDragged(null);
    setOver(null);
    if (!entry || shown[to]?.entry === entry || !shown.some((r) => r.entry === entry)) return;
    const data = new FormData();
    data.set('form', form);
    data.set('version', version);
    data.set('entry', entry);
    data.set('to', String(to));
    startTransition(() => {
      showMove({ entry, to });
      move(data);
    });
  }

  return (
    <div className="space-y-2">
      {state.message && !state.done ? <FormMessage message={state.message} /> : null}
      <p role="status" className="sr-only">
        {pending ? 'Saving the new order…' : ''}
      </p>
      <ol aria-label="Fields, in order" className="space-y-3">
        {shown.map((row, i) => (
          <li
            key={row.entry}
            onDragOver={(e) => {
              // Read from the drag itself, not from state: the first dragover can come before a re-render.
              if (!e.dataTransfer.types.includes(FIELD_TYPE)) return;
              e.preventDefault();
              e.dataTransfer.dropEffect = 'move';
              if (over !== i) setOver(i);
            }}
            onDragLeave={() => setOver((o) => (o === i ? null : o))}
            onDrop={(e) => {
              if (!e.dataTransfer.types.includes(FIELD_TYPE)) return;
              e.preventDefault();
              drop(e, i);
            }}
            className={`rounded-2xl border bg-white shadow-sm transition ${dragged === row.entry ? 'opacity-50' : ''} ${over === i && dragged !== row.entry ? 'border-brand-600 ring-2 ring-brand-600/30' : 'border-slate-200'}`}
          >
            <FieldRow
              form={form}
              version={version}
              row={row}
              first={i === 0}
              last={i === shown.length - 1}
              dragHandle={{
                draggable: true,
                onDragStart: (e) => startDrag(e, row.entry),
                onDragEnd: () => {
                  setDragged(null);
                  setOver(null);
                },
              }}
            />
          </li>
        ))}
      </ol>
    </div>
  );
}

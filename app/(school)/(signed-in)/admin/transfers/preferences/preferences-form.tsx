'use client';

import { useActionState } from 'react';
import { FormMessage, SubmitButton } from '@/app/_components/form-controls';
import { initialFormState } from '@/lib/http/client';
import { saveTransferPreferencesAction } from '../actions';

export function TransferPreferencesForm({ categories }: { categories: { id: string; name: string; sent: boolean }[] }) {
  const [state, act] = useActionState(saveTransferPreferencesAction, initialFormState);
  // A refused save keeps what was ticked (React resets a form after its action; the defaults come back as typed).
  const kept = !state.done && state.values.categoryIds !== undefined ? state.values.categoryIds.split(',') : null;
  const errors = state.fieldErrors.categoryIds;
  return (
    <form action={act} className="space-y-4">
      <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
      <fieldset
        className="space-y-2"
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? 'transfer-categories-error' : undefined}
      >
        <legend className="font-semibold">Categories this school sends</legend>
        <p className="text-sm text-slate-600">
          When you authorise a transfer, the pupil’s incidents in the ticked categories are sent. Nothing ticked sends
          no incidents.
        </p>
        {errors?.length ? (
          <p id="transfer-categories-error" className="text-sm font-medium text-red-700">
            {errors.join(' ')}
          </p>
        ) : null}
        {categories.map((c) => (
          <label key={c.id} className="flex min-h-11 items-center gap-3">
            <input
              type="checkbox"
              name="categoryIds"
              value={c.id}
              defaultChecked={kept ? kept.includes(c.id) : c.sent}
              className="size-5"
            />
            {c.name}
          </label>
        ))}
      </fieldset>
      <SubmitButton pendingLabel="Saving…">Save preferences</SubmitButton>
    </form>
  );
}

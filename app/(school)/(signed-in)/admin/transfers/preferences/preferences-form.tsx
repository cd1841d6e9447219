'use client';

import { useActionState } from 'react';
import { FormMessage, SubmitButton } from '@/app/_components/form-controls';
import { initialFormState } from '@/lib/http/client';
import { saveTransferPreferencesAction } from '../actions';

export function TransferPreferencesForm({ categories }: { categories: { id: string; name: string; sent: boolean }[] }) {
  const [state, act] = useActionState(saveTransferPreferencesAction, initialFormState);
  return (
    <form action={act} className="space-y-4">
      <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
      <fieldset className="space-y-2">
        <legend className="font-semibold">Categories this school sends</legend>
        <p className="text-sm text-slate-600">
          When you authorise a transfer, the pupil’s incidents in the ticked categories are sent. Nothing ticked sends
          no incidents.
        </p>
        {categories.map((c) => (
          <label key={c.id} className="flex min-h-11 items-center gap-3">
            <input type="checkbox" name="categoryIds" value={c.id} defaultChecked={c.sent} className="size-5" />
            {c.name}
          </label>
        ))}
      </fieldset>
      <SubmitButton pendingLabel="Saving…">Save preferences</SubmitButton>
    </form>
  );
}

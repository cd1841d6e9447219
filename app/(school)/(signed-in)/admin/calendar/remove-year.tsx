'use client';

import { useActionState } from 'react';
import { FormMessage, SubmitButton } from '@/app/_components/form-controls';
import { initialFormState } from '@/lib/http/client';
import { removeYearAction } from './actions';

/** Removes a year: its days fall back to the England default. */
export function RemoveYear({ yearId, name }: { yearId: string; name: string }) {
  const [state, action] = useActionState(removeYearAction, initialFormState);
  return (
    <form action={action} className="space-y-3">
      <FormMessage message={state.message} />
      <input type="hidden" name="yearId" value={yearId} />
      <p className="text-sm text-slate-600">
        Removing {name} makes its days follow the England default (1 September to 31 August) again.
      </p>
      <SubmitButton variant="danger" pendingLabel="Removing…">
        Remove this year
      </SubmitButton>
    </form>
  );
}

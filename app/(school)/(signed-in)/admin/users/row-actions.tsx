'use client';

import { useActionState } from 'react';
import { FormMessage, SubmitButton } from '@/app/_components/form-controls';
import { initialFormState } from '@/lib/http/client';
import { deactivateAction } from './actions';

/** The red × in the user list (and the button on a profile): asks first, then deactivates. */
export function DeactivateButton({
  userId,
  name,
  variant = 'icon',
}: {
  userId: string;
  name: string;
  variant?: 'icon' | 'button';
}) {
  const [state, action, pending] = useActionState(deactivateAction, initialFormState);
  return (
    <form
      action={action}
      onSubmit={(e) => {
        if (
          !window.confirm(
            `Deactivate ${name}? They will be signed out of Haven here at once and cannot sign in until reactivated.`,
          )
        )
          e.preventDefault();
      }}
    >
      <input type="hidden" name="userId" value={userId} />
      {state.done ? null : <FormMessage message={state.message} />}
      {variant === 'icon' ? (
        <button
          type="submit"
          disabled={pending}
          aria-label={`Deactivate ${name}`}
          title={`Deactivate ${name}`}
          className="inline-flex h-11 w-11 items-center justify-center rounded-lg text-2xl leading-none text-rose-700 hover:bg-rose-50 disabled:opacity-60"
        >
          <span aria-hidden="true">×</span>
        </button>
      ) : (
        <SubmitButton variant="danger" pendingLabel="Deactivating…">
          Deactivate
        </SubmitButton>
      )}
    </form>
  );
}

'use client';

import { useActionState } from 'react';
import { FormMessage, SubmitButton } from '@/app/_components/form-controls';
import { initialFormState } from '@/lib/http/client';
import { removeKeyAction, startTotpAction } from './actions';

export function AddDeviceButton() {
  const [state, action] = useActionState(startTotpAction, initialFormState);
  return (
    <form action={action}>
      <FormMessage message={state.message} />
      <SubmitButton pendingLabel="Preparing…">Add new device</SubmitButton>
    </form>
  );
}

export function RemoveKeyButton({ keyId, name }: { keyId: string; name: string }) {
  const [state, action] = useActionState(removeKeyAction, initialFormState);
  return (
    <form
      action={action}
      onSubmit={(e) => {
        if (!window.confirm(`Remove “${name}”? You will not be able to use it to elevate your access.`))
          e.preventDefault();
      }}
    >
      <input type="hidden" name="keyId" value={keyId} />
      <FormMessage message={state.done ? null : state.message} />
      <SubmitButton variant="secondary" pendingLabel="Removing…">
        Remove<span className="sr-only"> {name}</span>
      </SubmitButton>
    </form>
  );
}

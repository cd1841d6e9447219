'use client';

import { useActionState } from 'react';
import { Field, FormMessage, SubmitButton } from '@/app/_components/form-controls';
import { initialFormState } from '@/lib/http/client';
import { confirmTotpAction } from '../actions';

export function ConfirmTotpForm({ setupId }: { setupId: string }) {
  const [state, action] = useActionState(confirmTotpAction, initialFormState);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage message={state.message} />
      <input type="hidden" name="setupId" value={setupId} />
      <Field
        name="name"
        label="Name this device"
        hint="So you can tell your keys apart, e.g. “My phone”."
        maxLength={60}
        required
        defaultValue={state.values.name ?? 'My phone'}
        errors={state.fieldErrors.name}
      />
      <Field
        name="code"
        label="Code shown in the app"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={8}
        required
        className="max-w-xs"
        errors={state.fieldErrors.code}
      />
      <SubmitButton pendingLabel="Checking…">Add device</SubmitButton>
    </form>
  );
}

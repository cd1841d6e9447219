'use client';

import { useActionState } from 'react';
import { Field, FormMessage, SubmitButton } from '@/app/_components/form-controls';
import { initialFormState } from '@/lib/http/client';
import { completeResetAction } from './actions';

export function ResetForm({ token }: { token: string }) {
  const [state, action] = useActionState(completeResetAction, initialFormState);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage message={state.message} />
      <input type="hidden" name="token" value={token} />
      <Field
        name="password"
        label="New password"
        hint="At least 12 characters. A few unrelated words make a strong password that is easy to remember."
        type="password"
        autoComplete="new-password"
        required
        errors={state.fieldErrors.password}
      />
      <Field
        name="confirm"
        label="Type it again"
        type="password"
        autoComplete="new-password"
        required
        errors={state.fieldErrors.confirm}
      />
      <SubmitButton pendingLabel="Saving…">Set password</SubmitButton>
    </form>
  );
}

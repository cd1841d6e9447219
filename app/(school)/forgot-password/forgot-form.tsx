'use client';

import { useActionState } from 'react';
import { Field, FormMessage, SubmitButton } from '@/app/_components/form-controls';
import { initialFormState } from '@/lib/http/client';
import { requestResetAction } from './actions';

export function ForgotForm() {
  const [state, action] = useActionState(requestResetAction, initialFormState);
  if (state.done) return <FormMessage tone="success" message={state.message} />;
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage message={state.message} />
      <Field
        name="email"
        label="Your school email address"
        type="email"
        autoComplete="username"
        inputMode="email"
        required
        defaultValue={state.values.email ?? ''}
        errors={state.fieldErrors.email}
      />
      <SubmitButton pendingLabel="Sending…">Send me a link</SubmitButton>
    </form>
  );
}

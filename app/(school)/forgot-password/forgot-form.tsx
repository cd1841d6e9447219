'use client';

import { useActionState } from 'react';
import { FormMessage, SubmitButton } from '@/app/_components/form-controls';
import { SignInEmailField } from '@/app/_components/sign-in-fields';
import { initialFormState } from '@/lib/http/client';
import { requestResetAction } from './actions';

export function ForgotForm() {
  const [state, action] = useActionState(requestResetAction, initialFormState);
  if (state.done) return <FormMessage tone="success" message={state.message} />;
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage message={state.message} />
      <SignInEmailField state={state} label="Your school email address" />
      <SubmitButton pendingLabel="Sending…">Send me a link</SubmitButton>
    </form>
  );
}

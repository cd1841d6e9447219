'use client';

import { useActionState } from 'react';
import { Field, FormMessage, SubmitButton } from '@/app/_components/form-controls';
import { initialFormState } from '@/lib/http/client';
import { rootSignInAction } from './actions';

export function RootLoginForm() {
  const [state, action] = useActionState(rootSignInAction, initialFormState);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage message={state.message} />
      <Field
        name="email"
        label="Email address"
        type="email"
        autoComplete="username"
        inputMode="email"
        required
        defaultValue={state.values.email ?? ''}
        errors={state.fieldErrors.email}
      />
      <Field
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        errors={state.fieldErrors.password}
      />
      <SubmitButton pendingLabel="Signing in…">Sign in</SubmitButton>
    </form>
  );
}

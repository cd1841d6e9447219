'use client';

import { useActionState } from 'react';
import { FormMessage, SubmitButton } from '@/app/_components/form-controls';
import { SignInFields } from '@/app/_components/sign-in-fields';
import { initialFormState } from '@/lib/http/client';
import { rootSignInAction } from './actions';

export function RootLoginForm() {
  const [state, action] = useActionState(rootSignInAction, initialFormState);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage message={state.message} />
      <SignInFields state={state} />
      <SubmitButton pendingLabel="Signing in…">Sign in</SubmitButton>
    </form>
  );
}

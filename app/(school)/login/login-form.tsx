'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { FormMessage, SubmitButton } from '@/app/_components/form-controls';
import { SignInFields } from '@/app/_components/sign-in-fields';
import { initialFormState } from '@/lib/http/client';
import { signInAction } from './actions';

export function LoginForm() {
  const [state, action] = useActionState(signInAction, initialFormState);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage message={state.message} />
      <SignInFields state={state} />
      <div className="flex flex-col gap-3 pt-1 sm:flex-row sm:items-center sm:justify-between">
        <SubmitButton pendingLabel="Signing in…">Sign in</SubmitButton>
        <Link href="/forgot-password" className="text-sm text-brand-700 underline underline-offset-2">
          Forgotten your password or using Haven for the first time?
        </Link>
      </div>
    </form>
  );
}

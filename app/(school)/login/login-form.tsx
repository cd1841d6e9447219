'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { Field, FormMessage, SubmitButton } from '@/app/_components/form-controls';
import { initialFormState } from '@/lib/http/client';
import { signInAction } from './actions';

export function LoginForm() {
  const [state, action] = useActionState(signInAction, initialFormState);
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
      <div className="flex flex-col gap-3 pt-1 sm:flex-row sm:items-center sm:justify-between">
        <SubmitButton pendingLabel="Signing in…">Sign in</SubmitButton>
        <Link href="/forgot-password" className="text-sm text-brand-700 underline underline-offset-2">
          Forgotten your password or using Haven for the first time?
        </Link>
      </div>
    </form>
  );
}

'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { Field, FormMessage, SubmitButton } from '@/app/_components/form-controls';
import { initialFormState } from '@/lib/http/client';
import { elevateAction } from '../../session-actions';

export function ElevateForm() {
  const [state, action] = useActionState(elevateAction, initialFormState);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage message={state.message} />
      <Field
        name="code"
        label="Code from your authenticator app"
        hint="Six digits. It changes every 30 seconds."
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9 ]*"
        maxLength={8}
        required
        autoFocus
        className="max-w-xs"
        errors={state.fieldErrors.code}
      />
      <div className="flex flex-wrap items-center gap-4">
        <SubmitButton pendingLabel="Checking…">Use key</SubmitButton>
        <Link href="/" className="text-brand-700 underline underline-offset-2">
          Continue without key
        </Link>
      </div>
    </form>
  );
}

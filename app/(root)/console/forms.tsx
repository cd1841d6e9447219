'use client';

import { useActionState } from 'react';
import { Field, FormMessage, SubmitButton } from '@/app/_components/form-controls';
import { SignInFields } from '@/app/_components/sign-in-fields';
import { initialFormState } from '@/lib/http/client';
import { consoleKeyAction, consoleKeySetupAction, consoleSignInAction, operatorPasswordAction } from './actions';

export function ConsoleSignInForm() {
  const [state, action] = useActionState(consoleSignInAction, initialFormState);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage message={state.message} />
      <SignInFields state={state} />
      <SubmitButton pendingLabel="Signing in…">Sign in</SubmitButton>
    </form>
  );
}

function CodeField({ errors }: { errors?: string[] }) {
  return (
    <Field
      name="code"
      label="Code from your authenticator app"
      hint="Six digits. It changes every 30 seconds."
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9 ]*"
      maxLength={8}
      required
      className="max-w-xs"
      errors={errors}
    />
  );
}

export function ConsoleKeyForm() {
  const [state, action] = useActionState(consoleKeyAction, initialFormState);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage message={state.message} />
      <CodeField errors={state.fieldErrors.code} />
      <SubmitButton pendingLabel="Checking…">Use key</SubmitButton>
    </form>
  );
}

export function ConsoleKeySetupForm({ setupId }: { setupId: string }) {
  const [state, action] = useActionState(consoleKeySetupAction, initialFormState);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage message={state.message} />
      <input type="hidden" name="setupId" value={setupId} />
      <Field
        name="name"
        label="Name this device"
        hint="For example “My phone”."
        defaultValue={state.values.name ?? 'Authenticator app'}
        required
        maxLength={60}
        errors={state.fieldErrors.name}
      />
      <CodeField errors={state.fieldErrors.code} />
      <SubmitButton pendingLabel="Checking…">Add key and continue</SubmitButton>
    </form>
  );
}

export function OperatorPasswordForm({ token }: { token: string }) {
  const [state, action] = useActionState(operatorPasswordAction, initialFormState);
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

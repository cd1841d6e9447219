/** The fields a person signs in with, the same on a school's sign-in page and on the root domain's. */
import type { FormState } from '@/lib/http/client';
import { Field } from './form-controls';

/** The email address a person signs in with; also what a password reset asks for. */
export function SignInEmailField({ state, label = 'Email address' }: { state: FormState; label?: string }) {
  return (
    <Field
      name="email"
      label={label}
      type="email"
      autoComplete="username"
      inputMode="email"
      required
      defaultValue={state.values.email ?? ''}
      errors={state.fieldErrors.email}
    />
  );
}

/** Email address and password; the password is never sent back into the form. */
export function SignInFields({ state }: { state: FormState }) {
  return (
    <>
      <SignInEmailField state={state} />
      <Field
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        errors={state.fieldErrors.password}
      />
    </>
  );
}

'use client';

import { browserSupportsWebAuthn, startAuthentication } from '@simplewebauthn/browser';
import { useActionState } from 'react';
import { FormMessage, SubmitButton } from '@/app/_components/form-controls';
import { keyCeremonyErrorMessage, WEBAUTHN_UNSUPPORTED } from '@/app/_components/key-ceremony-error';
import { initialFormState, type FormState } from '@/lib/http/client';
import { elevateWithKeyAction, startKeyElevationAction } from './webauthn-actions';

/** One form action from the click to the redirect, so the button cannot be pressed twice meanwhile. */
async function elevateWithKey(prev: FormState, formData: FormData): Promise<FormState> {
  if (!browserSupportsWebAuthn()) return { values: {}, fieldErrors: {}, message: WEBAUTHN_UNSUPPORTED };
  const start = await startKeyElevationAction(formData);
  if ('state' in start) return start.state;
  let response;
  try {
    response = await startAuthentication({ optionsJSON: start.optionsJSON });
  } catch (error) {
    return { values: {}, fieldErrors: {}, message: keyCeremonyErrorMessage(error) };
  }
  formData.set('response', JSON.stringify(response));
  return elevateWithKeyAction(prev, formData);
}

export function WebAuthnElevateForm() {
  const [state, action] = useActionState(elevateWithKey, initialFormState);
  return (
    <form action={action} className="space-y-3">
      <FormMessage message={state.message} />
      <p className="text-sm text-slate-600">
        Your browser will ask you to touch your security key, or to confirm with your fingerprint, face or device PIN.
      </p>
      <SubmitButton pendingLabel="Waiting for your key…">Use security key or passkey</SubmitButton>
    </form>
  );
}

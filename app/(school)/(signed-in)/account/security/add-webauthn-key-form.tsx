'use client';

import { browserSupportsWebAuthn, startRegistration } from '@simplewebauthn/browser';
import { useActionState } from 'react';
import { Field, FormMessage, SubmitButton } from '@/app/_components/form-controls';
import { keyCeremonyErrorMessage, WEBAUTHN_UNSUPPORTED } from '@/app/_components/key-ceremony-error';
import { initialFormState, type FormState } from '@/lib/http/client';
import { finishAddKeyAction, startAddKeyAction } from './webauthn-actions';

/**
 * The three steps run as one form action, so the button shows progress and
 * stays disabled from the click until the key is stored or refused.
 */
async function addKey(prev: FormState, formData: FormData): Promise<FormState> {
  const values = { name: String(formData.get('name') ?? '') };
  if (!browserSupportsWebAuthn()) return { values, fieldErrors: {}, message: WEBAUTHN_UNSUPPORTED };
  const start = await startAddKeyAction(formData);
  if ('state' in start) return start.state;
  let response;
  try {
    response = await startRegistration({ optionsJSON: start.optionsJSON });
  } catch (error) {
    return { values, fieldErrors: {}, message: keyCeremonyErrorMessage(error) };
  }
  formData.set('response', JSON.stringify(response));
  return finishAddKeyAction(prev, formData);
}

export function AddWebAuthnKeyForm() {
  const [state, action] = useActionState(addKey, initialFormState);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage message={state.message} />
      <Field
        name="name"
        label="Name this key"
        hint="So you can tell your keys apart, e.g. “Desk key” or “My laptop”."
        maxLength={60}
        required
        autoComplete="off"
        className="max-w-md"
        defaultValue={state.values.name ?? ''}
        errors={state.fieldErrors.name}
      />
      <SubmitButton pendingLabel="Waiting for your key…">Add security key or passkey</SubmitButton>
    </form>
  );
}

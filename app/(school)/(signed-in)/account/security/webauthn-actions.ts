'use server';

import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { redirect } from 'next/navigation';
import { finishAddKeyForm, finishWebAuthnRegistration, startAddKeyForm, startWebAuthnRegistration, UNREADABLE_RESPONSE } from '@/lib/auth/webauthn-keys';
import { assertSameOrigin, runFormAction, type FormState } from '@/lib/http/action';
import { requireUserCtx } from '@/lib/http/context';
import { requestOrigin } from '@/lib/http/request-origin';

export type StartAddKeyResult = { optionsJSON: PublicKeyCredentialCreationOptionsJSON } | { state: FormState };

/** Step 1 of adding a security key or passkey: checks the name, then issues the browser's options. */
export async function startAddKeyAction(formData: FormData): Promise<StartAddKeyResult> {
  await assertSameOrigin();
  const ctx = await requireUserCtx();
  const out: { options?: PublicKeyCredentialCreationOptionsJSON } = {};
  const state = await runFormAction(formData, startAddKeyForm, async () => {
    out.options = await startWebAuthnRegistration(ctx, await requestOrigin());
  });
  return out.options ? { optionsJSON: out.options } : { state };
}

/** Step 2: the browser's answer, verified and stored; back to the list of keys. */
export async function finishAddKeyAction(_prev: FormState, formData: FormData): Promise<FormState> {
  await assertSameOrigin();
  const ctx = await requireUserCtx();
  let added = false;
  const state = await runFormAction(formData, finishAddKeyForm, async ({ name, response }) => {
    await finishWebAuthnRegistration(ctx, { name, response, origin: await requestOrigin() });
    added = true;
  });
  if (added) redirect('/account/security?added=key');
  return forTheForm(state);
}

/** The browser's answer is not something the person typed: never echoed back, and a problem with it is one message. */
function forTheForm(state: FormState): FormState {
  const { response: _answer, ...values } = state.values;
  const { response: answerErrors, ...fieldErrors } = state.fieldErrors;
  return { ...state, values, fieldErrors, message: answerErrors ? UNREADABLE_RESPONSE : state.message };
}

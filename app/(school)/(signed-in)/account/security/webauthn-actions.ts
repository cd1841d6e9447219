'use server';

import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { redirect } from 'next/navigation';
import {
  finishAddKeyForm,
  finishWebAuthnRegistration,
  startAddKeyForm,
  startWebAuthnRegistration,
  UNREADABLE_RESPONSE,
} from '@/lib/auth';
import { action, type FormState, requestOrigin } from '@/lib/http';

export type StartAddKeyResult = { optionsJSON: PublicKeyCredentialCreationOptionsJSON } | { state: FormState };

/** Step 1 of adding a security key or passkey: checks the name, then issues the browser's options. */
export const startAddKeyAction = action.result({ auth: 'signed-in', input: startAddKeyForm }, async (ctx) => ({
  optionsJSON: await startWebAuthnRegistration(ctx, await requestOrigin()),
}));

/**
 * Step 2: the browser's answer, verified and stored; back to the list of keys.
 * The answer is not something the person typed: never echoed back, and a problem with it is one message.
 */
export const finishAddKeyAction = action(
  { auth: 'signed-in', input: finishAddKeyForm, opaque: { response: UNREADABLE_RESPONSE } },
  async (ctx, { name, response }) => {
    await finishWebAuthnRegistration(ctx, { name, response, origin: await requestOrigin() });
    redirect('/account/security?added=key');
  },
);

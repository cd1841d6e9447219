'use server';

import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import {
  KeyAttemptsSessionEndedError,
  elevateWithWebAuthn,
  startWebAuthnElevation,
  UNREADABLE_RESPONSE,
  webauthnElevationForm,
} from '@/lib/auth';
import { action, type FormState, requestOrigin, writeSessionToken } from '@/lib/http';
import { signedOutAfterKeyFailures } from './signed-out';

export type StartKeyElevationResult = { optionsJSON: PublicKeyCredentialRequestOptionsJSON } | { state: FormState };

/** Step 1 of "use your key" with a security key or passkey: the browser's options for this person's keys. */
export const startKeyElevationAction = action.result({ auth: 'signed-in', input: z.strictObject({}) }, async (ctx) => ({
  optionsJSON: await startWebAuthnElevation(ctx, await requestOrigin()),
}));

/** Step 2: the key's answer (never echoed back); on success the session's new token goes into the cookie. */
export const elevateWithKeyAction = action(
  { auth: 'signed-in', input: webauthnElevationForm, opaque: { response: UNREADABLE_RESPONSE } },
  async (ctx, { response }) => {
    try {
      await writeSessionToken(await elevateWithWebAuthn(ctx, { response, origin: await requestOrigin() }));
    } catch (e) {
      if (e instanceof KeyAttemptsSessionEndedError) await signedOutAfterKeyFailures();
      throw e;
    }
    redirect('/');
  },
);

'use server';

import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { elevateWithWebAuthn, startWebAuthnElevation, UNREADABLE_RESPONSE, webauthnElevationForm } from '@/lib/auth/webauthn-keys';
import { assertSameOrigin, runFormAction, type FormState } from '@/lib/http/action';
import { requireUserCtx } from '@/lib/http/context';
import { requestOrigin } from '@/lib/http/request-origin';
import { writeSessionToken } from '@/lib/http/session-cookie';

export type StartKeyElevationResult = { optionsJSON: PublicKeyCredentialRequestOptionsJSON } | { state: FormState };

/** Step 1 of "use your key" with a security key or passkey: the browser's options for this person's keys. */
export async function startKeyElevationAction(formData: FormData): Promise<StartKeyElevationResult> {
  await assertSameOrigin();
  const ctx = await requireUserCtx();
  const out: { options?: PublicKeyCredentialRequestOptionsJSON } = {};
  const state = await runFormAction(formData, z.strictObject({}), async () => {
    out.options = await startWebAuthnElevation(ctx, await requestOrigin());
  });
  return out.options ? { optionsJSON: out.options } : { state };
}

/** Step 2: the key's answer; on success the session's new token goes into the cookie. */
export async function elevateWithKeyAction(_prev: FormState, formData: FormData): Promise<FormState> {
  await assertSameOrigin();
  const ctx = await requireUserCtx();
  let elevated = false;
  const state = await runFormAction(formData, webauthnElevationForm, async ({ response }) => {
    await writeSessionToken(await elevateWithWebAuthn(ctx, { response, origin: await requestOrigin() }));
    elevated = true;
  });
  if (elevated) redirect('/');
  // The key's answer is not something the person typed: never echoed back.
  return { values: {}, fieldErrors: {}, message: state.fieldErrors.response ? UNREADABLE_RESPONSE : state.message };
}

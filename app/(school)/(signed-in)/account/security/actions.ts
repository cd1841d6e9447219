'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { confirmTotpSetup, removeMyKey, startTotpSetup } from '@/lib/auth/keys';
import { addTotpInput } from '@/lib/auth/schema';
import { runFormAction, type FormState } from '@/lib/http/action';
import { requireUserCtx } from '@/lib/http/context';

export async function startTotpAction(_prev: FormState, formData: FormData): Promise<FormState> {
  let setupId: string | null = null;
  const state = await runFormAction(formData, z.strictObject({}), async () => {
    setupId = (await startTotpSetup(await requireUserCtx())).setupId;
  });
  if (setupId) redirect(`/account/security/add-app?setup=${setupId}`);
  return state;
}

export async function confirmTotpAction(_prev: FormState, formData: FormData): Promise<FormState> {
  let added = false;
  const state = await runFormAction(formData, addTotpInput, async (data) => {
    await confirmTotpSetup(await requireUserCtx(), data);
    added = true;
  });
  if (added) redirect('/account/security?added=1');
  return state;
}

export async function removeKeyAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, z.strictObject({ keyId: z.uuid() }), async ({ keyId }) => {
    await removeMyKey(await requireUserCtx(), keyId);
    revalidatePath('/account/security');
    return { values: {}, fieldErrors: {}, message: 'The key was removed.', done: true };
  });
}

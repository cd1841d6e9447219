'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { confirmTotpSetup, removeMyKey, startTotpSetup } from '@/lib/auth/keys';
import { addTotpInput } from '@/lib/auth/schema';
import { action } from '@/lib/http/action';
import { formDone } from '@/lib/http/form-state';

export const startTotpAction = action({ auth: 'signed-in', input: z.strictObject({}) }, async (ctx) => {
  const { setupId } = await startTotpSetup(ctx);
  redirect(`/account/security/add-app?setup=${setupId}`);
});

export const confirmTotpAction = action({ auth: 'signed-in', input: addTotpInput }, async (ctx, data) => {
  await confirmTotpSetup(ctx, data);
  redirect('/account/security?added=1');
});

export const removeKeyAction = action({ auth: 'signed-in', input: z.strictObject({ keyId: z.uuid() }) }, async (ctx, { keyId }) => {
  await removeMyKey(ctx, keyId);
  revalidatePath('/account/security');
  return formDone('The key was removed.');
});

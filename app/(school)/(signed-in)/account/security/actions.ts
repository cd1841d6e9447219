'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { confirmTotpSetup, removeMyKey, startTotpSetup, addTotpInput } from '@/lib/auth';
import { action, formDone } from '@/lib/http';

export const startTotpAction = action({ auth: 'signed-in', input: z.strictObject({}) }, async (ctx) => {
  const { setupId } = await startTotpSetup(ctx);
  redirect(`/account/security/add-app?setup=${setupId}`);
});

export const confirmTotpAction = action({ auth: 'signed-in', input: addTotpInput }, async (ctx, data) => {
  await confirmTotpSetup(ctx, data);
  redirect('/account/security?added=1');
});

export const removeKeyAction = action(
  { auth: 'signed-in', input: z.strictObject({ keyId: z.uuid() }) },
  async (ctx, { keyId }) => {
    await removeMyKey(ctx, keyId);
    revalidatePath('/account/security');
    return formDone('The key was removed.');
  },
);

'use server';

import { redirect } from 'next/navigation';
import { signInWithPassword, signInInput } from '@/lib/auth';
import { action, writeSessionToken, readDeviceCookie, writeDeviceCookie } from '@/lib/http';

export const signInAction = action({ auth: 'signed-out', input: signInInput }, async (ctx, data) => {
  const result = await signInWithPassword(ctx.school, data, ctx.meta, new Date(), {
    deviceCookie: await readDeviceCookie(),
  });
  if (!result.ok) return { values: { email: data.email }, fieldErrors: {}, message: result.message };
  await writeSessionToken(result.token);
  await writeDeviceCookie(result.deviceCookie);
  // A key holder is asked for their key straight away (and may skip).
  redirect(result.offerKey ? '/elevate' : '/');
});

'use server';

import { redirect } from 'next/navigation';
import { signInWithPassword } from '@/lib/auth/sign-in';
import { signInInput } from '@/lib/auth/schema';
import { action } from '@/lib/http/action';
import { readDeviceCookie, writeDeviceCookie } from '@/lib/http/device-cookie';
import { writeSessionToken } from '@/lib/http/session-cookie';

export const signInAction = action({ auth: 'signed-out', input: signInInput }, async (ctx, data) => {
  const result = await signInWithPassword(ctx.school, data, ctx.meta, new Date(), { deviceCookie: await readDeviceCookie() });
  if (!result.ok) return { values: { email: data.email }, fieldErrors: {}, message: result.message };
  await writeSessionToken(result.token);
  await writeDeviceCookie(result.deviceCookie);
  // A key holder is asked for their key straight away (and may skip).
  redirect(result.offerKey ? '/elevate' : '/');
});

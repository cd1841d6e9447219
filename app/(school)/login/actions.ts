'use server';

import { redirect } from 'next/navigation';
import { signInWithPassword } from '@/lib/auth/sign-in';
import { signInInput } from '@/lib/auth/schema';
import { action } from '@/lib/http/action';
import { writeSessionToken } from '@/lib/http/session-cookie';

export const signInAction = action({ auth: 'signed-out', input: signInInput }, async (ctx, data) => {
  const result = await signInWithPassword(ctx.school, data, ctx.meta);
  if (!result.ok) return { values: { email: data.email }, fieldErrors: {}, message: result.message };
  await writeSessionToken(result.token);
  // A key holder is asked for their key straight away (and may skip).
  redirect(result.offerKey ? '/elevate' : '/');
});

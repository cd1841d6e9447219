'use server';

import { redirect } from 'next/navigation';
import { signInWithPassword } from '@/lib/auth/sign-in';
import { signInInput } from '@/lib/auth/schema';
import { runFormAction, type FormState } from '@/lib/http/action';
import { getRequestMeta, getSchool } from '@/lib/http/context';
import { writeSessionToken } from '@/lib/http/session-cookie';

export async function signInAction(_prev: FormState, formData: FormData): Promise<FormState> {
  let next: string | null = null;
  const state = await runFormAction(formData, signInInput, async (data) => {
    const result = await signInWithPassword(await getSchool(), data, await getRequestMeta());
    if (!result.ok) return { values: { email: data.email }, fieldErrors: {}, message: result.message };
    await writeSessionToken(result.token);
    // A key holder is asked for their key straight away (and may skip).
    next = result.offerKey ? '/elevate' : '/';
  });
  if (next) redirect(next);
  return state;
}

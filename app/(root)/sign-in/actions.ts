'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { signInAtRoot, signOutAtRoot, startOpeningSchool } from '@/lib/auth/root-sign-in';
import { signInInput } from '@/lib/auth/schema';
import { assertSameOrigin, runFormAction, type FormState } from '@/lib/http/action';
import { getRequestMeta, isRootDomainRequest } from '@/lib/http/context';
import { clearSessionToken, readSessionToken, writeSessionToken } from '@/lib/http/session-cookie';
import { SLUG_PATTERN } from '@/lib/tenancy/host';

export async function rootSignInAction(_prev: FormState, formData: FormData): Promise<FormState> {
  let signedIn = false;
  const state = await runFormAction(formData, signInInput, async (data) => {
    if (!(await isRootDomainRequest())) return { values: {} as Record<string, string>, fieldErrors: {}, message: 'Sign in on your school’s own page.' };
    const result = await signInAtRoot(data, await getRequestMeta());
    if (!result.ok) return { values: { email: data.email }, fieldErrors: {}, message: result.message };
    await writeSessionToken(result.token, 'root');
    signedIn = true;
  });
  if (signedIn) redirect('/');
  return state;
}

export async function openSchoolAction(formData: FormData): Promise<void> {
  await assertSameOrigin();
  const slug = z.string().regex(SLUG_PATTERN).safeParse(formData.get('to'));
  const token = await readSessionToken('root');
  if (!slug.success || !token) redirect('/sign-in');
  redirect(await startOpeningSchool(token, slug.data));
}

export async function rootSignOutAction(): Promise<void> {
  await assertSameOrigin();
  const token = await readSessionToken('root');
  if (token) await signOutAtRoot(token);
  await clearSessionToken('root');
  redirect('/');
}

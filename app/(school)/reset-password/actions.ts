'use server';

import { redirect } from 'next/navigation';
import { completePasswordReset } from '@/lib/auth/password-reset';
import { newPasswordInput } from '@/lib/auth/schema';
import { runFormAction, type FormState } from '@/lib/http/action';
import { getRequestMeta, getSchool } from '@/lib/http/context';
import { clearSessionToken } from '@/lib/http/session-cookie';

export async function completeResetAction(_prev: FormState, formData: FormData): Promise<FormState> {
  let done = false;
  const state = await runFormAction(formData, newPasswordInput, async (data) => {
    await completePasswordReset(await getSchool(), data, await getRequestMeta());
    await clearSessionToken();
    done = true;
  });
  if (done) redirect('/login?password=set');
  return state;
}

'use server';

import { requestPasswordReset } from '@/lib/auth/password-reset';
import { emailInput } from '@/lib/auth/schema';
import { runFormAction, type FormState } from '@/lib/http/action';
import { getRequestMeta, getSchool } from '@/lib/http/context';

export async function requestResetAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, emailInput, async (data) => {
    const message = await requestPasswordReset(await getSchool(), data, await getRequestMeta());
    return { values: {}, fieldErrors: {}, message, done: true };
  });
}

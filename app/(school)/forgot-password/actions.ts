'use server';

import { requestPasswordReset } from '@/lib/auth/password-reset';
import { emailInput } from '@/lib/auth/schema';
import { action } from '@/lib/http/action';
import { formDone } from '@/lib/http/form-state';

export const requestResetAction = action({ auth: 'signed-out', input: emailInput }, async (ctx, data) => {
  return formDone(await requestPasswordReset(ctx.school, data, ctx.meta));
});

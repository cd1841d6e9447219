'use server';

import { requestPasswordReset, emailInput } from '@/lib/auth';
import { action, formDone } from '@/lib/http';

export const requestResetAction = action({ auth: 'signed-out', input: emailInput }, async (ctx, data) => {
  return formDone(await requestPasswordReset(ctx.school, data, ctx.meta));
});

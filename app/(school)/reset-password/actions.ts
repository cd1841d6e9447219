'use server';

import { redirect } from 'next/navigation';
import { completePasswordReset } from '@/lib/auth/password-reset';
import { newPasswordInput } from '@/lib/auth/schema';
import { action } from '@/lib/http/action';
import { clearSessionToken } from '@/lib/http/session-cookie';

export const completeResetAction = action({ auth: 'signed-out', input: newPasswordInput }, async (ctx, data) => {
  await completePasswordReset(ctx.school, data, ctx.meta);
  await clearSessionToken();
  redirect('/login?password=set');
});

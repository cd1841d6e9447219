'use server';

import { redirect } from 'next/navigation';
import { completePasswordReset } from '@/lib/auth/password-reset';
import { newPasswordInput } from '@/lib/auth/schema';
import { action } from '@/lib/http/action';
import { readDeviceCookie, writeDeviceCookie } from '@/lib/http/device-cookie';
import { clearSessionToken } from '@/lib/http/session-cookie';

export const completeResetAction = action({ auth: 'signed-out', input: newPasswordInput }, async (ctx, data) => {
  const { deviceCookie } = await completePasswordReset(ctx.school, data, ctx.meta, new Date(), { deviceCookie: await readDeviceCookie() });
  await clearSessionToken();
  // This browser proved it reads the person's email: from now on it is one of theirs.
  await writeDeviceCookie(deviceCookie);
  redirect('/login?password=set');
});

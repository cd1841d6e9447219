'use server';

import { redirect } from 'next/navigation';
import { completePasswordReset, newPasswordInput } from '@/lib/auth';
import { action, clearSessionToken, readDeviceCookie, writeDeviceCookie } from '@/lib/http';

export const completeResetAction = action({ auth: 'signed-out', input: newPasswordInput }, async (ctx, data) => {
  const { deviceCookie } = await completePasswordReset(ctx.school, data, ctx.meta, new Date(), {
    deviceCookie: await readDeviceCookie(),
  });
  await clearSessionToken();
  // This browser proved it reads the person's email: from now on it is one of theirs.
  await writeDeviceCookie(deviceCookie);
  redirect('/login?password=set');
});

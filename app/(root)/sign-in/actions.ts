'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { signInAtRoot, signOutAtRoot, startOpeningSchool, signInInput } from '@/lib/auth';
import { action, clearSessionToken, writeSessionToken, readDeviceCookie, writeDeviceCookie } from '@/lib/http';
import { SLUG_PATTERN } from '@/lib/tenancy';

export const rootSignInAction = action({ auth: 'root', input: signInInput }, async (ctx, data) => {
  const result = await signInAtRoot(data, ctx.meta, new Date(), { deviceCookie: await readDeviceCookie() });
  if (!result.ok) return { values: { email: data.email }, fieldErrors: {}, message: result.message };
  await writeSessionToken(result.token, 'root');
  await writeDeviceCookie(result.deviceCookie);
  redirect('/');
});

export const openSchoolAction = action.button(
  { auth: 'root', input: z.strictObject({ to: z.string().regex(SLUG_PATTERN) }) },
  async (ctx, data) => {
    if (!ctx.rootToken) redirect('/sign-in');
    redirect(await startOpeningSchool(ctx.rootToken, data.to));
  },
);

export const rootSignOutAction = action.button({ auth: 'root', input: z.strictObject({}) }, async (ctx) => {
  if (ctx.rootToken) await signOutAtRoot(ctx.rootToken);
  await clearSessionToken('root');
  redirect('/');
});

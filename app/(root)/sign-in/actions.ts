'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { signInAtRoot, signOutAtRoot, startOpeningSchool } from '@/lib/auth/root-sign-in';
import { signInInput } from '@/lib/auth/schema';
import { action } from '@/lib/http/action';
import { clearSessionToken, writeSessionToken } from '@/lib/http/session-cookie';
import { SLUG_PATTERN } from '@/lib/tenancy/host';

export const rootSignInAction = action({ auth: 'root', input: signInInput }, async (ctx, data) => {
  const result = await signInAtRoot(data, ctx.meta);
  if (!result.ok) return { values: { email: data.email }, fieldErrors: {}, message: result.message };
  await writeSessionToken(result.token, 'root');
  redirect('/');
});

export const openSchoolAction = action.button({ auth: 'root', input: z.strictObject({ to: z.string().regex(SLUG_PATTERN) }) }, async (ctx, data) => {
  if (!ctx.rootToken) redirect('/sign-in');
  redirect(await startOpeningSchool(ctx.rootToken, data.to));
});

export const rootSignOutAction = action.button({ auth: 'root', input: z.strictObject({}) }, async (ctx) => {
  if (ctx.rootToken) await signOutAtRoot(ctx.rootToken);
  await clearSessionToken('root');
  redirect('/');
});

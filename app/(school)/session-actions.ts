'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import {
  elevateWithTotp,
  switchStartUrl,
  switchTarget,
  totpCodeInput,
  signOut,
  KeyAttemptsSessionEndedError,
} from '@/lib/auth';
import { SLUG_PATTERN, safeReturnPath } from '@/lib/tenancy';
import { action, clearSessionToken, writeSessionToken, setHideNames } from '@/lib/http';
import { signedOutAfterKeyFailures } from './(signed-in)/elevate/signed-out';

/** Signing out works with an expired session too: the cookie goes either way. */
export const signOutAction = action.button({ auth: 'signed-out', input: z.strictObject({}) }, async (ctx) => {
  if (ctx.user) await signOut({ ...ctx, user: ctx.user });
  await clearSessionToken();
  redirect('/login');
});

export const switchSchoolAction = action.button(
  { auth: 'signed-in', input: z.strictObject({ to: z.string().regex(SLUG_PATTERN), from: z.string().max(500) }) },
  async (ctx, data) => {
    // First to the other school, which binds the code to this browser (lib/auth/school-switch.ts).
    redirect(switchStartUrl(await switchTarget(ctx, data.to), { school: ctx.school.slug }, data.from));
  },
);

export const elevateAction = action({ auth: 'signed-in', input: totpCodeInput }, async (ctx, data) => {
  try {
    await writeSessionToken(await elevateWithTotp(ctx, data));
  } catch (e) {
    if (e instanceof KeyAttemptsSessionEndedError) await signedOutAfterKeyFailures();
    throw e;
  }
  redirect('/');
});

/** The header's "Hide names" switch: initials with stars for every pupil until switched off. */
export const toggleHideNamesAction = action.button(
  { auth: 'signed-in', input: z.strictObject({ hide: z.enum(['0', '1']), from: z.string().max(500) }) },
  async (_ctx, data) => {
    await setHideNames(data.hide === '1');
    redirect(safeReturnPath(data.from));
  },
);

'use server';

import { redirect } from 'next/navigation';
import { addTotpInput, newPasswordInput, signInInput, totpCodeInput } from '@/lib/auth';
import {
  action,
  clearSessionToken,
  readDeviceCookie,
  readSessionToken,
  writeDeviceCookie,
  writeSessionToken,
} from '@/lib/http';
import {
  completeOperatorPassword,
  confirmConsoleTotpSetup,
  elevateConsole,
  signInToConsole,
  signOutOfConsole,
} from '@/lib/platform';
import { z } from 'zod';

export const consoleSignInAction = action({ auth: 'root', input: signInInput }, async (ctx, data) => {
  const result = await signInToConsole(data, ctx.meta, new Date(), { deviceCookie: await readDeviceCookie() });
  if (!result.ok) return { values: { email: data.email }, fieldErrors: {}, message: result.message };
  await writeSessionToken(result.token, 'console');
  await writeDeviceCookie(result.deviceCookie);
  redirect('/console/key');
});

export const consoleKeyAction = action({ auth: 'root', input: totpCodeInput }, async (ctx, data) => {
  const token = await readSessionToken('console');
  if (!token) redirect('/console/sign-in');
  await writeSessionToken(await elevateConsole(token, data, ctx.meta), 'console');
  redirect('/console');
});

export const consoleKeySetupAction = action({ auth: 'root', input: addTotpInput }, async (ctx, data) => {
  const token = await readSessionToken('console');
  if (!token) redirect('/console/sign-in');
  await writeSessionToken(await confirmConsoleTotpSetup(token, data, ctx.meta), 'console');
  redirect('/console');
});

export const operatorPasswordAction = action({ auth: 'root', input: newPasswordInput }, async (ctx, data) => {
  await completeOperatorPassword(data, ctx.meta);
  await clearSessionToken('console');
  redirect('/console/sign-in?password=set');
});

export const consoleSignOutAction = action.button({ auth: 'root', input: z.strictObject({}) }, async (ctx) => {
  const token = await readSessionToken('console');
  if (token) await signOutOfConsole(token, ctx.meta);
  await clearSessionToken('console');
  redirect('/console/sign-in');
});

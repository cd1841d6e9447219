'use server';

import { redirect } from 'next/navigation';
import { action } from '@/lib/http';
import {
  addMembershipFromConsole,
  changeEmailFromConsole,
  consoleAddMembershipInput,
  consoleChangeEmailInput,
  consoleRemoveKeysInput,
  removeKeysFromConsole,
} from '@/lib/platform';

const back = (email: string, done: string) =>
  `/console/people?email=${encodeURIComponent(email)}&done=${encodeURIComponent(done)}`;

export const consoleAddMembershipAction = action(
  { auth: 'console', input: consoleAddMembershipInput },
  async (ctx, data) => {
    await addMembershipFromConsole(ctx.operator, data, ctx.meta);
    redirect(back(data.email, `added:${data.school}`));
  },
);

export const consoleChangeEmailAction = action(
  { auth: 'console', input: consoleChangeEmailInput },
  async (ctx, data) => {
    await changeEmailFromConsole(ctx.operator, data, ctx.meta);
    redirect(back(data.to, 'email'));
  },
);

export const consoleRemoveKeysAction = action({ auth: 'console', input: consoleRemoveKeysInput }, async (ctx, data) => {
  await removeKeysFromConsole(ctx.operator, data, ctx.meta);
  redirect(back(data.email, 'keys'));
});

'use server';

import { redirect } from 'next/navigation';
import { action } from '@/lib/http';
import { answerSupportRequest, closeSupportRequest } from '@/lib/platform';
import { supportAnswerInput, supportRequestIdInput } from '@/lib/support';

export const answerSupportAction = action({ auth: 'console', input: supportAnswerInput }, async (ctx, data) => {
  await answerSupportRequest(ctx.operator, data, ctx.meta);
  redirect(`/console/support/${data.requestId}?answered=1`);
});

export const closeSupportAction = action.button(
  { auth: 'console', input: supportRequestIdInput },
  async (ctx, data) => {
    await closeSupportRequest(ctx.operator, data, ctx.meta);
    redirect('/console/support');
  },
);

'use server';

import { redirect } from 'next/navigation';
import { action } from '@/lib/http';
import { sendSupportRequest, supportRequestInput } from '@/lib/support';

export const sendSupportRequestAction = action({ auth: 'signed-in', input: supportRequestInput }, async (ctx, data) => {
  const sent = await sendSupportRequest(ctx, data);
  redirect(`/support/${sent.id}?sent=1`);
});

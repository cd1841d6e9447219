'use server';

import { redirect } from 'next/navigation';
import { markAlertRead, markReadInput } from '@/lib/alerts';
import { action } from '@/lib/http';

/** "Mark as read": the alert leaves the dashboard (and a non-key user's access ends with it). */
export const markAlertReadAction = action.button({ auth: 'signed-in', input: markReadInput }, async (ctx, data) => {
  await markAlertRead(ctx, data);
  redirect('/?read=1');
});

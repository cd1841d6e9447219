'use server';

import { redirect } from 'next/navigation';
import { markAlertRead } from '@/lib/alerts/service';
import { assertSameOrigin } from '@/lib/http/action';
import { requireUserCtx } from '@/lib/http/context';

/** "Mark as read": the alert leaves the dashboard (and a non-key user's access ends with it). */
export async function markAlertReadAction(formData: FormData): Promise<void> {
  await assertSameOrigin();
  const ctx = await requireUserCtx();
  await markAlertRead(ctx, { alertId: formData.get('alertId') });
  redirect('/?read=1');
}

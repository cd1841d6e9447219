'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { mapMoveInput, mapStateInput, moveMap, setMapEnabled } from '@/lib/admin';
import { action } from '@/lib/http';

export const setMapEnabledAction = action.button({ auth: 'signed-in', input: mapStateInput }, async (ctx, data) => {
  await setMapEnabled(ctx, data);
  revalidatePath('/admin/maps');
  redirect(`/admin/maps?done=${data.enabled === 'on' ? 'enabled' : 'disabled'}`);
});

export const moveMapAction = action.button({ auth: 'signed-in', input: mapMoveInput }, async (ctx, data) => {
  await moveMap(ctx, data);
  revalidatePath('/admin/maps');
  redirect('/admin/maps?done=moved');
});

'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { mapMoveInput, mapRenameInput, mapStateInput, moveMap, renameMap, setMapEnabled } from '@/lib/admin';
import { action, formDone } from '@/lib/http';

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

export const renameMapAction = action({ auth: 'signed-in', input: mapRenameInput }, async (ctx, data) => {
  await renameMap(ctx, data);
  revalidatePath('/admin/maps');
  return formDone('Renamed. The new title shows wherever the map is shown, past incidents too.');
});

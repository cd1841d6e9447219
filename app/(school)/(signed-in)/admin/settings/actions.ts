'use server';

import { revalidatePath } from 'next/cache';
import { schoolSettingsInput, updateSchoolSettings } from '@/lib/admin';
import { action, formDone } from '@/lib/http';

export const saveSettingsAction = action({ auth: 'signed-in', input: schoolSettingsInput }, async (ctx, data) => {
  await updateSchoolSettings(ctx, data);
  revalidatePath('/', 'layout');
  return formDone('Saved. Everyone sees the change from their next click.');
});

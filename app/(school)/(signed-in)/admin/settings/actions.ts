'use server';

import { revalidatePath } from 'next/cache';
import { schoolSettingsInput, updateSchoolSettings } from '@/lib/admin';
import { action } from '@/lib/http/action';
import { formDone } from '@/lib/http/form-state';

export const saveSettingsAction = action({ auth: 'signed-in', input: schoolSettingsInput }, async (ctx, data) => {
  await updateSchoolSettings(ctx, data);
  revalidatePath('/', 'layout');
  return formDone('Saved. Everyone sees the change from their next click.');
});

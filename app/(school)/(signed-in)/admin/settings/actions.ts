'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { removeSchoolLogo, schoolSettingsInput, updateSchoolSettings } from '@/lib/admin';
import { action, formDone } from '@/lib/http';

export const saveSettingsAction = action({ auth: 'signed-in', input: schoolSettingsInput }, async (ctx, data) => {
  await updateSchoolSettings(ctx, data);
  revalidatePath('/', 'layout');
  return formDone('Saved. Everyone sees the change from their next click.');
});

export const removeLogoAction = action({ auth: 'signed-in', input: z.strictObject({}) }, async (ctx) => {
  await removeSchoolLogo(ctx);
  revalidatePath('/', 'layout');
  return formDone('The logo is removed from the sign-in page and printed documents.');
});

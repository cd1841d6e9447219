'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import {
  logoFromLibrary,
  logoFromLibraryInput,
  removeSchoolLogo,
  schoolSettingsInput,
  updateSchoolSettings,
} from '@/lib/admin';
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

export const logoFromLibraryAction = action({ auth: 'signed-in', input: logoFromLibraryInput }, async (ctx, data) => {
  await logoFromLibrary(ctx, data);
  revalidatePath('/', 'layout');
  return formDone('Logo saved from the library. It shows on the sign-in page and on printed documents.');
});

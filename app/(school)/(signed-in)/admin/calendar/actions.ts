'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { removeAcademicYear, saveAcademicYear } from '@/lib/admin';
import { academicYearForm, removeYearInput } from '@/lib/calendar';
import { action } from '@/lib/http';

export const saveYearAction = action({ auth: 'signed-in', input: academicYearForm }, async (ctx, data) => {
  await saveAcademicYear(ctx, data);
  // Every page that shows "this academic year" reads it again.
  revalidatePath('/', 'layout');
  redirect(`/admin/calendar?saved=${data.yearId === '' ? 'added' : 'changed'}`);
});

export const removeYearAction = action({ auth: 'signed-in', input: removeYearInput }, async (ctx, data) => {
  await removeAcademicYear(ctx, data);
  revalidatePath('/', 'layout');
  redirect('/admin/calendar?saved=removed');
});

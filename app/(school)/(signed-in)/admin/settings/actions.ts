'use server';

import { revalidatePath } from 'next/cache';
import { schoolSettingsInput, updateSchoolSettings } from '@/lib/admin';
import { runFormAction, type FormState } from '@/lib/http/action';
import { requireUserCtx } from '@/lib/http/context';

export async function saveSettingsAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, schoolSettingsInput, async (data) => {
    await updateSchoolSettings(await requireUserCtx(), data);
    revalidatePath('/', 'layout');
    return { values: {}, fieldErrors: {}, message: 'Saved. Everyone sees the change from their next click.', done: true };
  });
}

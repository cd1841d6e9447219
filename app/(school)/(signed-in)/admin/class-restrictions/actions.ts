'use server';

import { revalidatePath } from 'next/cache';
import { updateClassRestriction } from '@/lib/admin';
import { classRestrictionInput } from '@/lib/admin/schema';
import { runFormAction, type FormState } from '@/lib/http/action';
import { requireUserCtx } from '@/lib/http/context';
import { joinRepeated } from '../form-data';

export async function updateClassRestrictionAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(joinRepeated(formData, ['userGroupIds']), classRestrictionInput, async (data) => {
    const { added, removed } = await updateClassRestriction(await requireUserCtx(), data);
    revalidatePath('/admin/class-restrictions');
    const message = added + removed === 0 ? 'No changes to save.' : 'Saved. The change applies from each person’s next click.';
    return { values: {}, fieldErrors: {}, message, done: true };
  });
}

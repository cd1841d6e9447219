'use server';

import { revalidatePath } from 'next/cache';
import { listUserGroupForEveryClass, updateClassRestriction } from '@/lib/admin';
import { classRestrictionEverywhereInput, classRestrictionInput } from '@/lib/admin/schema';
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

export async function listUserGroupEverywhereAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, classRestrictionEverywhereInput, async (data) => {
    const { added } = await listUserGroupForEveryClass(await requireUserCtx(), data);
    revalidatePath('/admin/class-restrictions');
    const message = added === 0 ? 'That group is already listed for every class.' : `Listed for ${added === 1 ? '1 more class' : `${added} more classes`}.`;
    return { values: {}, fieldErrors: {}, message, done: true };
  });
}

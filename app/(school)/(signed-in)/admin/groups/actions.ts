'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { createUserGroup, updateUserGroup } from '@/lib/admin';
import { userGroupInput } from '@/lib/admin/schema';
import { runFormAction, type FormState } from '@/lib/http/action';
import { requireUserCtx } from '@/lib/http/context';
import { joinRepeated } from '../form-data';

const MULTI = ['permissions', 'cells'] as const;

export async function createGroupAction(_prev: FormState, formData: FormData): Promise<FormState> {
  let created: string | null = null;
  const state = await runFormAction(joinRepeated(formData, MULTI), userGroupInput, async (data) => {
    created = (await createUserGroup(await requireUserCtx(), data)).groupId;
    revalidatePath('/admin/groups');
  });
  if (created) redirect(`/admin/groups/${created}?saved=1`);
  return state;
}

export async function updateGroupAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(joinRepeated(formData, MULTI), userGroupInput, async (data) => {
    await updateUserGroup(await requireUserCtx(), data);
    revalidatePath('/admin/groups');
    if (data.groupId) revalidatePath(`/admin/groups/${data.groupId}`);
    return { values: {}, fieldErrors: {}, message: 'Saved. Members have the new permissions from their next click.', done: true };
  });
}

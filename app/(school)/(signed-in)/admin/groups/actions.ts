'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { createUserGroup, updateUserGroup, userGroupInput } from '@/lib/admin';
import { action, formDone } from '@/lib/http';

const form = { auth: 'signed-in', input: userGroupInput, repeated: ['permissions', 'cells'] } as const;

export const createGroupAction = action(form, async (ctx, data) => {
  const { groupId } = await createUserGroup(ctx, data);
  revalidatePath('/admin/groups');
  redirect(`/admin/groups/${groupId}?saved=1`);
});

export const updateGroupAction = action(form, async (ctx, data) => {
  await updateUserGroup(ctx, data);
  revalidatePath('/admin/groups');
  if (data.groupId) revalidatePath(`/admin/groups/${data.groupId}`);
  return formDone('Saved. Members have the new permissions from their next click.');
});

'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import {
  archiveAlertGroup,
  createAlertGroup,
  updateAlertGroup,
  alertGroupInput,
  alertGroupRefInput,
} from '@/lib/admin';
import { action, formDone } from '@/lib/http';

export const createAlertGroupAction = action({ auth: 'signed-in', input: alertGroupInput }, async (ctx, data) => {
  await createAlertGroup(ctx, data);
  revalidatePath('/admin/alert-groups');
  redirect('/admin/alert-groups?saved=1');
});

export const updateAlertGroupAction = action({ auth: 'signed-in', input: alertGroupInput }, async (ctx, data) => {
  await updateAlertGroup(ctx, data);
  revalidatePath('/admin/alert-groups');
  if (data.alertGroupId) revalidatePath(`/admin/alert-groups/${data.alertGroupId}`);
  return formDone('Saved.');
});

export const archiveAlertGroupAction = action({ auth: 'signed-in', input: alertGroupRefInput }, async (ctx, data) => {
  await archiveAlertGroup(ctx, data);
  revalidatePath('/admin/alert-groups');
  redirect('/admin/alert-groups?archived=1');
});

'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { archiveAlertGroup, createAlertGroup, updateAlertGroup } from '@/lib/admin';
import { alertGroupInput, alertGroupRefInput } from '@/lib/admin/schema';
import { runFormAction, type FormState } from '@/lib/http/action';
import { requireUserCtx } from '@/lib/http/context';

export async function createAlertGroupAction(_prev: FormState, formData: FormData): Promise<FormState> {
  let created = false;
  const state = await runFormAction(formData, alertGroupInput, async (data) => {
    await createAlertGroup(await requireUserCtx(), data);
    created = true;
  });
  if (created) {
    revalidatePath('/admin/alert-groups');
    redirect('/admin/alert-groups?saved=1');
  }
  return state;
}

export async function updateAlertGroupAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, alertGroupInput, async (data) => {
    await updateAlertGroup(await requireUserCtx(), data);
    revalidatePath('/admin/alert-groups');
    if (data.alertGroupId) revalidatePath(`/admin/alert-groups/${data.alertGroupId}`);
    return { values: {}, fieldErrors: {}, message: 'Saved.', done: true };
  });
}

export async function archiveAlertGroupAction(_prev: FormState, formData: FormData): Promise<FormState> {
  let archived = false;
  const state = await runFormAction(formData, alertGroupRefInput, async (data) => {
    await archiveAlertGroup(await requireUserCtx(), data);
    archived = true;
  });
  if (archived) {
    revalidatePath('/admin/alert-groups');
    redirect('/admin/alert-groups?archived=1');
  }
  return state;
}

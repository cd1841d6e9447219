'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { addStaffUser, addUser, changeUserEmail, changeUserGroup, deactivateUser, reactivateUser, removeAllKeys, sendPasswordLink } from '@/lib/admin';
import { changeEmailInput, changeGroupInput, newStaffUserInput, newUserInput, removeKeysInput, userRefInput } from '@/lib/admin/schema';
import { runFormAction, type FormState } from '@/lib/http/action';
import { requireUserCtx } from '@/lib/http/context';

const saved = (message: string): FormState => ({ values: {}, fieldErrors: {}, message, done: true });

function refreshUserPages(userId: string): void {
  revalidatePath('/admin/users');
  revalidatePath('/admin/users/deactivated');
  revalidatePath(`/admin/users/${userId}`);
}

export async function addUserAction(_prev: FormState, formData: FormData): Promise<FormState> {
  let created: string | null = null;
  const state = await runFormAction(formData, newUserInput, async (data) => {
    const ctx = await requireUserCtx();
    const { userId } = await addUser(ctx, data);
    // A new person's first step: a link to set their password.
    await sendPasswordLink(ctx, { userId });
    created = userId;
  });
  if (created) redirect(`/admin/users/${created}?added=1`);
  return state;
}

export async function addStaffUserAction(_prev: FormState, formData: FormData): Promise<FormState> {
  let created: string | null = null;
  const state = await runFormAction(formData, newStaffUserInput, async (data) => {
    const ctx = await requireUserCtx();
    const { userId } = await addStaffUser(ctx, data);
    await sendPasswordLink(ctx, { userId });
    created = userId;
  });
  if (created) redirect(`/admin/users/${created}?added=1`);
  return state;
}

export async function changeGroupAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, changeGroupInput, async (data) => {
    await changeUserGroup(await requireUserCtx(), data);
    refreshUserPages(data.userId);
    return saved('The group is changed. It applies from their next click.');
  });
}

export async function changeEmailAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, changeEmailInput, async (data) => {
    await changeUserEmail(await requireUserCtx(), data);
    refreshUserPages(data.userId);
    return saved('The email address is changed. Their old address has been told.');
  });
}

export async function deactivateAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, userRefInput, async (data) => {
    await deactivateUser(await requireUserCtx(), data);
    refreshUserPages(data.userId);
    return saved('Deactivated. They were signed out here.');
  });
}

export async function reactivateAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, userRefInput, async (data) => {
    await reactivateUser(await requireUserCtx(), data);
    refreshUserPages(data.userId);
    return saved('Reactivated. They can sign in again.');
  });
}

export async function removeKeysAction(_prev: FormState, formData: FormData): Promise<FormState> {
  let removedFrom: string | null = null;
  const state = await runFormAction(formData, removeKeysInput, async (data) => {
    await removeAllKeys(await requireUserCtx(), data);
    refreshUserPages(data.userId);
    removedFrom = data.userId;
  });
  // The form goes with the last key, so the confirmation is shown by the page itself.
  if (removedFrom) redirect(`/admin/users/${removedFrom}?keys=removed`);
  return state;
}

export async function sendPasswordLinkAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, userRefInput, async (data) => {
    const { email } = await sendPasswordLink(await requireUserCtx(), data);
    return saved(`A link to set a password was emailed to ${email}. It works until midnight tonight.`);
  });
}

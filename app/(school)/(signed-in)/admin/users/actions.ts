'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import {
  addStaffUser,
  addUser,
  changeUserEmail,
  changeUserGroup,
  deactivateUser,
  reactivateUser,
  removeAllKeys,
  sendPasswordLink,
  setAlertEmail,
  alertEmailInput,
  reactivateUserForm,
  changeEmailInput,
  changeGroupInput,
  newStaffUserInput,
  newUserInput,
  removeKeysInput,
  userRefInput,
} from '@/lib/admin';
import { action, formDone } from '@/lib/http';

function refreshUserPages(userId: string): void {
  revalidatePath('/admin/users');
  revalidatePath('/admin/users/deactivated');
  revalidatePath(`/admin/users/${userId}`);
}

export const addUserAction = action({ auth: 'signed-in', input: newUserInput }, async (ctx, data) => {
  const { userId } = await addUser(ctx, data);
  // A new person's first step: a link to set their password.
  await sendPasswordLink(ctx, { userId });
  redirect(`/admin/users/${userId}?added=1`);
});

export const addStaffUserAction = action({ auth: 'signed-in', input: newStaffUserInput }, async (ctx, data) => {
  const { userId } = await addStaffUser(ctx, data);
  await sendPasswordLink(ctx, { userId });
  redirect(`/admin/users/${userId}?added=1`);
});

export const changeGroupAction = action({ auth: 'signed-in', input: changeGroupInput }, async (ctx, data) => {
  await changeUserGroup(ctx, data);
  refreshUserPages(data.userId);
  return formDone('The group is changed. It applies from their next click.');
});

export const changeEmailAction = action({ auth: 'signed-in', input: changeEmailInput }, async (ctx, data) => {
  await changeUserEmail(ctx, data);
  refreshUserPages(data.userId);
  return formDone('The email address is changed. Their old address has been told.');
});

export const deactivateAction = action({ auth: 'signed-in', input: userRefInput }, async (ctx, data) => {
  await deactivateUser(ctx, data);
  refreshUserPages(data.userId);
  return formDone('Deactivated. They were signed out here.');
});

export const reactivateAction = action({ auth: 'signed-in', input: reactivateUserForm }, async (ctx, data) => {
  await reactivateUser(ctx, data);
  refreshUserPages(data.userId);
  redirect(`/admin/users/${data.userId}?reactivated=1`);
});

export const alertEmailAction = action({ auth: 'signed-in', input: alertEmailInput }, async (ctx, data) => {
  await setAlertEmail(ctx, data);
  refreshUserPages(data.userId);
  return formDone(
    data.alertEmail
      ? `Their alert emails now go to ${data.alertEmail}. They have been told.`
      : 'Their alert emails now go to their sign-in address. They have been told.',
  );
});

export const removeKeysAction = action({ auth: 'signed-in', input: removeKeysInput }, async (ctx, data) => {
  await removeAllKeys(ctx, data);
  refreshUserPages(data.userId);
  // The form goes with the last key, so the confirmation is shown by the page itself.
  redirect(`/admin/users/${data.userId}?keys=removed`);
});

export const sendPasswordLinkAction = action({ auth: 'signed-in', input: userRefInput }, async (ctx, data) => {
  const { email } = await sendPasswordLink(ctx, data);
  return formDone(`A link to set a password was emailed to ${email}. It works until midnight tonight.`);
});

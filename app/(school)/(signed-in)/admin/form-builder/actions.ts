'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import {
  addCustomField,
  addCustomFieldInput,
  deleteCustomField,
  deleteCustomFieldInput,
  editCustomField,
  editCustomFieldInput,
  fieldAdviceInput,
  moveFieldInput,
  moveFormField,
  setFieldAdvice,
} from '@/lib/admin';
import { action, formDone } from '@/lib/http';

const LIST = '/admin/form-builder';

/** Up, down or (dragged) to a place: the list is drawn again in its new order. */
export const moveFieldAction = action({ auth: 'signed-in', input: moveFieldInput }, async (ctx, data) => {
  await moveFormField(ctx, data);
  revalidatePath(LIST);
});

export const fieldAdviceAction = action({ auth: 'signed-in', input: fieldAdviceInput }, async (ctx, data) => {
  await setFieldAdvice(ctx, data);
  revalidatePath(LIST);
  return formDone(data.advice ? 'Advice saved. It shows under the field from the next page load.' : 'Advice removed.');
});

export const addFieldAction = action(
  { auth: 'signed-in', input: addCustomFieldInput, repeated: ['categoryIds'] },
  async (ctx, data) => {
    await addCustomField(ctx, data);
    revalidatePath(LIST);
    redirect(`${LIST}?form=${data.form}&done=added`);
  },
);

export const editFieldAction = action(
  { auth: 'signed-in', input: editCustomFieldInput, repeated: ['categoryIds'] },
  async (ctx, data) => {
    await editCustomField(ctx, data);
    revalidatePath(LIST);
    redirect(`${LIST}?form=${data.form}&done=changed`);
  },
);

const deleteFieldForm = z.strictObject({
  ...deleteCustomFieldInput.shape,
  confirm: z.literal('on', { error: 'Tick the box to confirm you want to delete this field.' }),
});

export const deleteFieldAction = action({ auth: 'signed-in', input: deleteFieldForm }, async (ctx, data) => {
  await deleteCustomField(ctx, { form: data.form, version: data.version, fieldId: data.fieldId });
  revalidatePath(LIST);
  redirect(`${LIST}?form=${data.form}&done=deleted`);
});

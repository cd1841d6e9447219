'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import {
  categoryRefInput,
  createCategory,
  deleteCategory,
  disableCategory,
  enableCategory,
  mergeCategory,
  mergeCategoryInput,
  newCategoryInput,
  renameCategory,
  renameCategoryInput,
} from '@/lib/admin';
import { action, formDone } from '@/lib/http';

export const createCategoryAction = action(
  { auth: 'signed-in', input: newCategoryInput, repeated: ['rights'] },
  async (ctx, data) => {
    const { categoryId } = await createCategory(ctx, data);
    revalidatePath('/admin/categories');
    redirect(`/admin/categories/${categoryId}?created=1`);
  },
);

export const renameCategoryAction = action({ auth: 'signed-in', input: renameCategoryInput }, async (ctx, data) => {
  await renameCategory(ctx, data);
  revalidatePath('/admin/categories');
  revalidatePath(`/admin/categories/${data.categoryId}`);
  return formDone('Saved. The new name shows on every incident and monitoring period in this category.');
});

export const disableCategoryAction = action({ auth: 'signed-in', input: categoryRefInput }, async (ctx, data) => {
  await disableCategory(ctx, data);
  revalidatePath('/admin/categories');
  revalidatePath(`/admin/categories/${data.categoryId}`);
  return formDone('Disabled. It is no longer offered for new incidents or monitoring.');
});

export const enableCategoryAction = action({ auth: 'signed-in', input: categoryRefInput }, async (ctx, data) => {
  await enableCategory(ctx, data);
  revalidatePath('/admin/categories');
  revalidatePath(`/admin/categories/${data.categoryId}`);
  return formDone('Enabled. It is offered again to the groups that may add incidents in it.');
});

export const deleteCategoryAction = action({ auth: 'signed-in', input: categoryRefInput }, async (ctx, data) => {
  await deleteCategory(ctx, data);
  revalidatePath('/admin/categories');
  redirect('/admin/categories?deleted=1');
});

export const mergeCategoryAction = action({ auth: 'signed-in', input: mergeCategoryInput }, async (ctx, data) => {
  await mergeCategory(ctx, data);
  revalidatePath('/admin/categories');
  // The category's page then shows it merged, with the counts from the merge's audit row.
  redirect(`/admin/categories/${data.categoryId}`);
});

'use server';

import { revalidatePath } from 'next/cache';
import { action, formDone } from '@/lib/http';
import {
  alertLibraryInput,
  alertLibraryUsers,
  deleteLibraryFile,
  deleteLibraryInput,
  markLibraryFileUnderstood,
  markLibraryUnderstoodInput,
  restoreLibraryFile,
  restoreLibraryInput,
} from '@/lib/library';

export const deleteLibraryFileAction = action({ auth: 'signed-in', input: deleteLibraryInput }, async (ctx, data) => {
  await deleteLibraryFile(ctx, data);
  revalidatePath('/library');
  return formDone('File deleted. It can be restored from “Deleted files”.');
});

export const restoreLibraryFileAction = action.button(
  { auth: 'signed-in', input: restoreLibraryInput },
  async (ctx, data) => {
    await restoreLibraryFile(ctx, data);
    revalidatePath('/library');
  },
);

// The library page's form ticks files as boxes of one name; the upload's offer sends them joined.
export const alertLibraryUsersAction = action(
  { auth: 'signed-in', input: alertLibraryInput, repeated: ['documentIds'] },
  async (ctx, data) => {
    const message = await alertLibraryUsers(ctx, data);
    revalidatePath('/library');
    return formDone(message);
  },
);

export const markLibraryUnderstoodAction = action.button(
  { auth: 'signed-in', input: markLibraryUnderstoodInput },
  async (ctx, data) => {
    await markLibraryFileUnderstood(ctx, data);
    revalidatePath('/library');
    revalidatePath('/');
  },
);

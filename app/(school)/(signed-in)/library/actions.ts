'use server';

import { revalidatePath } from 'next/cache';
import { action, formDone } from '@/lib/http';
import { deleteLibraryFile, deleteLibraryInput, restoreLibraryFile, restoreLibraryInput } from '@/lib/library';

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

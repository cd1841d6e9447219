'use server';

import { revalidatePath } from 'next/cache';
import { action, formDone } from '@/lib/http';
import { deleteDocumentInput, deleteVaultDocument, restoreDocumentInput, restoreVaultDocument } from '@/lib/vault';

export const deleteDocumentAction = action({ auth: 'signed-in', input: deleteDocumentInput }, async (ctx, data) => {
  await deleteVaultDocument(ctx, data);
  revalidatePath(`/students/${data.studentId}/documents`);
  return formDone('Document deleted. It can be restored from “Deleted files”.');
});

export const restoreDocumentAction = action.button(
  { auth: 'signed-in', input: restoreDocumentInput },
  async (ctx, data) => {
    await restoreVaultDocument(ctx, data);
    revalidatePath(`/students/${data.studentId}/documents`);
  },
);

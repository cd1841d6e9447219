'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { markDocumentAlertRead, markDocumentAlertReadInput } from '@/lib/alerts';
import { action, formDone } from '@/lib/http';
import {
  alertDocumentInput,
  alertUsersToDocument,
  deleteDocumentInput,
  deleteVaultDocument,
  restoreDocumentInput,
  restoreVaultDocument,
} from '@/lib/vault';

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

export const alertDocumentAction = action({ auth: 'signed-in', input: alertDocumentInput }, async (ctx, data) => {
  return formDone(await alertUsersToDocument(ctx, data));
});

/** From the dashboard: the alert leaves it. */
export const markDocumentAlertReadAction = action.button(
  { auth: 'signed-in', input: markDocumentAlertReadInput },
  async (ctx, data) => {
    await markDocumentAlertRead(ctx, data);
    redirect('/?read=1');
  },
);

'use server';

import { revalidatePath } from 'next/cache';
import {
  authoriseTransfer,
  confirmTransferReceipt,
  declineTransfer,
  declineTransferInput,
  requestTransfer,
  saveTransferPreferences,
  transferIdInput,
  transferPreferencesInput,
} from '@/lib/transfers';
import { action, formDone } from '@/lib/http';

export const requestTransferAction = action({ auth: 'signed-in', input: transferIdInput }, async (ctx, data) => {
  await requestTransfer(ctx, data);
  revalidatePath('/admin/transfers');
  return formDone('Requested. The previous school’s administrators have been told.');
});

export const authoriseTransferAction = action({ auth: 'signed-in', input: transferIdInput }, async (ctx, data) => {
  const sent = await authoriseTransfer(ctx, data);
  revalidatePath('/admin/transfers', 'layout');
  const incidents = sent.incidents === 1 ? '1 incident' : `${sent.incidents} incidents`;
  const documents = sent.documents === 1 ? '1 document' : `${sent.documents} documents`;
  return formDone(`Sent: ${incidents} and ${documents}. The new school’s administrators have been told.`);
});

export const declineTransferAction = action({ auth: 'signed-in', input: declineTransferInput }, async (ctx, data) => {
  await declineTransfer(ctx, data);
  revalidatePath('/admin/transfers');
  return formDone('Declined. The new school’s administrators have been told, with your reason.');
});

export const confirmReceiptAction = action({ auth: 'signed-in', input: transferIdInput }, async (ctx, data) => {
  await confirmTransferReceipt(ctx, data);
  revalidatePath('/admin/transfers');
  return formDone('Receipt confirmed. The previous school can see when.');
});

export const saveTransferPreferencesAction = action(
  { auth: 'signed-in', input: transferPreferencesInput, repeated: ['categoryIds'] },
  async (ctx, data) => {
    const n = await saveTransferPreferences(ctx, data);
    revalidatePath('/admin/transfers', 'layout');
    return formDone(
      n === 0
        ? 'Saved. No category is ticked: a transfer you authorise sends no incidents.'
        : `Saved. Transfers you authorise send incidents in ${n === 1 ? '1 category' : `${n} categories`}.`,
    );
  },
);

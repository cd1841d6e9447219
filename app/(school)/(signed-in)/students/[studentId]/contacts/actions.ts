'use server';

import { revalidatePath } from 'next/cache';
import { runFormAction, type FormState } from '@/lib/http/action';
import { requireUserCtx } from '@/lib/http/context';
import { contactInput, removeContact, removeContactInput, saveContact } from '@/lib/students';

export async function saveContactAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, contactInput, async (data) => {
    await saveContact(await requireUserCtx(), data);
    revalidatePath(`/students/${data.studentId}/contacts`);
    return { values: {}, fieldErrors: {}, message: data.contactId ? 'Contact saved.' : 'Contact added.', done: true };
  });
}

export async function removeContactAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, removeContactInput, async (data) => {
    await removeContact(await requireUserCtx(), data);
    revalidatePath(`/students/${data.studentId}/contacts`);
    return { values: {}, fieldErrors: {}, message: 'Contact removed.', done: true };
  });
}

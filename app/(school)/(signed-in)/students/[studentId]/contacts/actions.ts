'use server';

import { revalidatePath } from 'next/cache';
import { action, formDone } from '@/lib/http';
import { contactInput, removeContact, removeContactInput, saveContact } from '@/lib/students';

export const saveContactAction = action({ auth: 'signed-in', input: contactInput }, async (ctx, data) => {
  await saveContact(ctx, data);
  revalidatePath(`/students/${data.studentId}/contacts`);
  return formDone(data.contactId ? 'Contact saved.' : 'Contact added.');
});

export const removeContactAction = action({ auth: 'signed-in', input: removeContactInput }, async (ctx, data) => {
  await removeContact(ctx, data);
  revalidatePath(`/students/${data.studentId}/contacts`);
  return formDone('Contact removed.');
});

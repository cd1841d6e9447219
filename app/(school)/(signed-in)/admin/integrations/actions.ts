'use server';

import { revalidatePath } from 'next/cache';
import { formDone, action } from '@/lib/http';
import {
  createIntegration,
  integrationInput,
  integrationRefInput,
  revokeIntegration,
  rotateIntegration,
} from '@/lib/integrations';

/** The token goes back to the form once, in its state; it is never stored or shown again. */
export const createIntegrationAction = action(
  { auth: 'signed-in', input: integrationInput, repeated: ['alertUserIds', 'alertGroupIds'] },
  async (ctx, data) => {
    const { token } = await createIntegration(ctx, data);
    revalidatePath('/admin/integrations');
    return { ...formDone('The integration is added. Copy its token now: it is shown only once.'), values: { token } };
  },
);

export const rotateIntegrationAction = action({ auth: 'signed-in', input: integrationRefInput }, async (ctx, data) => {
  const { token } = await rotateIntegration(ctx, data);
  revalidatePath('/admin/integrations');
  return {
    ...formDone('A new token is made and the old one no longer works. Copy it now: it is shown only once.'),
    values: { token },
  };
});

export const revokeIntegrationAction = action({ auth: 'signed-in', input: integrationRefInput }, async (ctx, data) => {
  await revokeIntegration(ctx, data);
  revalidatePath('/admin/integrations');
  return formDone('The integration is revoked: its token no longer works.');
});

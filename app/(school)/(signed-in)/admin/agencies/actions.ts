'use server';

import { revalidatePath } from 'next/cache';
import {
  agencyRefInput,
  createAgency,
  newAgencyInput,
  renameAgency,
  renameAgencyInput,
  setAgencyEnabled,
} from '@/lib/admin';
import { action, formDone } from '@/lib/http';

export const createAgencyAction = action({ auth: 'signed-in', input: newAgencyInput }, async (ctx, data) => {
  await createAgency(ctx, data);
  revalidatePath('/admin/agencies');
  return formDone(`Added “${data.name}”. It is offered under “Agencies involved” from the next page load.`);
});

export const renameAgencyAction = action({ auth: 'signed-in', input: renameAgencyInput }, async (ctx, data) => {
  await renameAgency(ctx, data);
  revalidatePath('/admin/agencies');
  return formDone('Renamed. The new name shows on every record that names this agency.');
});

export const disableAgencyAction = action({ auth: 'signed-in', input: agencyRefInput }, async (ctx, data) => {
  await setAgencyEnabled(ctx, data, false);
  revalidatePath('/admin/agencies');
  return formDone('Disabled: no longer offered. Records that name it keep it.');
});

export const enableAgencyAction = action({ auth: 'signed-in', input: agencyRefInput }, async (ctx, data) => {
  await setAgencyEnabled(ctx, data, true);
  revalidatePath('/admin/agencies');
  return formDone('Enabled: offered again.');
});

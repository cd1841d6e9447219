'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { action, formDone } from '@/lib/http';
import { gatherCustomFields } from '@/lib/settings';
import { updateProfileMonitoring } from '@/lib/monitoring';
import {
  addAlertStaff,
  addLink,
  addLinkInput,
  alertStaffInput,
  profileDetailsInput,
  profileMonitoringInput,
  removeAlertStaff,
  removeLink,
  removeLinkInput,
  updateProfileDetails,
} from '@/lib/students';

const refresh = (studentId: string) => revalidatePath(`/students/${studentId}`, 'layout');

// Custom fields arrive as `cf_<field id>`, gathered into one record before the strict parse.
const detailsForm = z.preprocess(
  (v) => (v && typeof v === 'object' ? gatherCustomFields(v as Record<string, unknown>) : v),
  profileDetailsInput,
);

export const saveDetailsAction = action(
  { auth: 'signed-in', input: detailsForm, repeated: ['agencyIds'] },
  async (ctx, data) => {
    await updateProfileDetails(ctx, data);
    refresh(data.studentId);
    return formDone('Saved.');
  },
);

export const saveMonitoringAction = action(
  { auth: 'signed-in', input: profileMonitoringInput, repeated: ['monitored'] },
  async (ctx, data) => {
    const change = await updateProfileMonitoring(ctx, data);
    refresh(data.studentId);
    const n = change.started.length + change.ended.length;
    return formDone(n === 0 ? 'Nothing to change.' : 'Monitoring saved.');
  },
);

export const addAlertStaffAction = action({ auth: 'signed-in', input: alertStaffInput }, async (ctx, data) => {
  await addAlertStaff(ctx, data);
  refresh(data.studentId);
  return formDone('Added.');
});

export const removeAlertStaffAction = action({ auth: 'signed-in', input: alertStaffInput }, async (ctx, data) => {
  await removeAlertStaff(ctx, data);
  refresh(data.studentId);
  return formDone('Removed.');
});

export const addLinkAction = action({ auth: 'signed-in', input: addLinkInput }, async (ctx, data) => {
  await addLink(ctx, data);
  refresh(data.studentId);
  return formDone('Linked.');
});

export const removeLinkAction = action({ auth: 'signed-in', input: removeLinkInput }, async (ctx, data) => {
  await removeLink(ctx, data);
  refresh(data.studentId);
  return formDone('Link removed.');
});

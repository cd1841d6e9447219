'use server';

import { revalidatePath } from 'next/cache';
import { joinRepeated } from '@/app/(school)/(signed-in)/admin/form-data';
import { runFormAction, type FormState } from '@/lib/http/action';
import { requireUserCtx } from '@/lib/http/context';
import { updateProfileMonitoring } from '@/lib/monitoring/service';
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

const done = (message: string): FormState => ({ values: {}, fieldErrors: {}, message, done: true });
const refresh = (studentId: string) => revalidatePath(`/students/${studentId}`, 'layout');

export async function saveDetailsAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, profileDetailsInput, async (data) => {
    await updateProfileDetails(await requireUserCtx(), data);
    refresh(data.studentId);
    return done('Saved.');
  });
}

export async function saveMonitoringAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(joinRepeated(formData, ['monitored']), profileMonitoringInput, async (data) => {
    const change = await updateProfileMonitoring(await requireUserCtx(), data);
    refresh(data.studentId);
    const n = change.started.length + change.ended.length;
    return done(n === 0 ? 'Nothing to change.' : 'Monitoring saved.');
  });
}

export async function addAlertStaffAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, alertStaffInput, async (data) => {
    await addAlertStaff(await requireUserCtx(), data);
    refresh(data.studentId);
    return done('Added.');
  });
}

export async function removeAlertStaffAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, alertStaffInput, async (data) => {
    await removeAlertStaff(await requireUserCtx(), data);
    refresh(data.studentId);
    return done('Removed.');
  });
}

export async function addLinkAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, addLinkInput, async (data) => {
    await addLink(await requireUserCtx(), data);
    refresh(data.studentId);
    return done('Linked.');
  });
}

export async function removeLinkAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, removeLinkInput, async (data) => {
    await removeLink(await requireUserCtx(), data);
    refresh(data.studentId);
    return done('Link removed.');
  });
}

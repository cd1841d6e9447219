'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { addAction } from '@/lib/incidents/add-action';
import { addActionToLinked } from '@/lib/incidents/copy-action';
import { deleteAction, deleteIncident, editIncident, mergeIncident, pinIncident, restoreAction, restoreIncident, splitAction } from '@/lib/incidents/manage';
import { getIncidentStudent } from '@/lib/incidents/queries';
import {
  actionRefInput,
  deleteActionInput,
  deleteIncidentInput,
  editIncidentInput,
  incidentRefInput,
  mergeIncidentInput,
  newActionForm,
  pinIncidentInput,
  splitActionInput,
} from '@/lib/incidents/schema';
import { assertSameOrigin, runFormAction, type FormState } from '@/lib/http/action';
import { requireUserCtx } from '@/lib/http/context';
import { joinRepeated } from '@/lib/http/repeated-fields';

/** What just happened, said on the page the person lands on (and making each landing a fresh page). */
type Done = 'pinned' | 'unpinned' | 'restored' | 'deleted' | 'edited' | 'merged' | 'action' | 'split' | 'action-deleted' | 'action-restored' | 'added-to-linked';

/** Where to go after a change: the pupil's chronology with the incident marked, for someone who can read it there. */
async function back(incidentId: string, done: Done): Promise<never> {
  const ctx = await requireUserCtx();
  const studentId = await getIncidentStudent(ctx, incidentId);
  // The change shows wherever the person goes next, even back to the page they are on.
  revalidatePath('/', 'layout');
  redirect(
    studentId && ctx.user.elevated
      ? `/students/${studentId}/incidents?highlight=${incidentId}&done=${done}#incident-${incidentId}`
      : `/incidents/${incidentId}?done=${done}`,
  );
}

function fields(formData: FormData): Record<string, string> {
  return Object.fromEntries([...formData.entries()].filter(([k, v]) => !k.startsWith('$ACTION') && typeof v === 'string')) as Record<string, string>;
}

export async function pinIncidentAction(formData: FormData): Promise<void> {
  await assertSameOrigin();
  const data = pinIncidentInput.parse(fields(formData));
  await pinIncident(await requireUserCtx(), data);
  await back(data.incidentId, data.pinned ? 'pinned' : 'unpinned');
}

export async function restoreIncidentAction(formData: FormData): Promise<void> {
  await assertSameOrigin();
  const data = incidentRefInput.parse(fields(formData));
  await restoreIncident(await requireUserCtx(), data);
  await back(data.incidentId, 'restored');
}

export async function restoreActionAction(formData: FormData): Promise<void> {
  await assertSameOrigin();
  const data = actionRefInput.parse(fields(formData));
  const { incidentId } = await restoreAction(await requireUserCtx(), data);
  await back(incidentId, 'action-restored');
}

export async function deleteIncidentAction(_prev: FormState, formData: FormData): Promise<FormState> {
  let done: string | null = null;
  const state = await runFormAction(formData, deleteIncidentInput, async (data) => {
    await deleteIncident(await requireUserCtx(), data);
    done = data.incidentId;
  });
  if (done) await back(done, 'deleted');
  return state;
}

export async function editIncidentAction(_prev: FormState, formData: FormData): Promise<FormState> {
  let done: string | null = null;
  const state = await runFormAction(joinRepeated(formData, ['categoryIds']), editIncidentInput, async (data) => {
    await editIncident(await requireUserCtx(), data);
    done = data.incidentId;
  });
  if (done) await back(done, 'edited');
  return state;
}

export async function mergeIncidentAction(_prev: FormState, formData: FormData): Promise<FormState> {
  let into: string | null = null;
  const state = await runFormAction(formData, mergeIncidentInput, async (data) => {
    into = (await mergeIncident(await requireUserCtx(), data)).intoId;
  });
  if (into) await back(into, 'merged');
  return state;
}

export async function addActionAction(_prev: FormState, formData: FormData): Promise<FormState> {
  let done: string | null = null;
  const state = await runFormAction(joinRepeated(formData, ['categoryIds']), newActionForm, async (data) => {
    done = (await addAction(await requireUserCtx(), data)).incidentId;
  });
  if (done) await back(done, 'action');
  return state;
}

export async function splitActionAction(_prev: FormState, formData: FormData): Promise<FormState> {
  let created: string | null = null;
  const state = await runFormAction(joinRepeated(formData, ['categoryIds']), splitActionInput, async (data) => {
    created = (await splitAction(await requireUserCtx(), data)).incidentId;
  });
  if (created) await back(created, 'split');
  return state;
}

export async function deleteActionAction(_prev: FormState, formData: FormData): Promise<FormState> {
  let incidentId: string | null = null;
  const state = await runFormAction(formData, deleteActionInput, async (data) => {
    incidentId = (await deleteAction(await requireUserCtx(), data)).incidentId;
  });
  if (incidentId) await back(incidentId, 'action-deleted');
  return state;
}

export async function addActionToLinkedAction(_prev: FormState, formData: FormData): Promise<FormState> {
  let incidentId: string | null = null;
  const state = await runFormAction(formData, actionRefInput, async (data) => {
    incidentId = (await addActionToLinked(await requireUserCtx(), data)).incidentId;
  });
  if (incidentId) await back(incidentId, 'added-to-linked');
  return state;
}

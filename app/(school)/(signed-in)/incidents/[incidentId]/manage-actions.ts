'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import {
  addActionToLinked,
  deleteAction,
  deleteIncident,
  editAction,
  editIncident,
  mergeIncident,
  pinIncident,
  restoreAction,
  restoreIncident,
  restoreAttachmentsInput,
  restoreVersionAttachments,
  splitAction,
  getIncidentStudent,
  actionRefInput,
  deleteActionInput,
  deleteIncidentInput,
  editActionForm,
  editIncidentForm,
  gatherCustomFields,
  incidentRefInput,
  mergeIncidentInput,
  newActionForm,
  pinIncidentInput,
  splitActionInput,
} from '@/lib/incidents';
import { z } from 'zod';
import { action } from '@/lib/http';
import { addActionWithEvent, recordEventFields } from '@/lib/planner';
import type { UserCtx } from '@/lib/tenancy';

// Custom fields arrive as `cf_<field id>`, gathered into one record before the strict parse.
const withCustomFields = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v && typeof v === 'object' ? gatherCustomFields(v as Record<string, unknown>) : v), schema);

/** What just happened, said on the page the person lands on (and making each landing a fresh page). */
type Done =
  | 'pinned'
  | 'unpinned'
  | 'restored'
  | 'deleted'
  | 'edited'
  | 'merged'
  | 'action'
  | 'split'
  | 'action-edited'
  | 'action-deleted'
  | 'action-restored'
  | 'added-to-linked';

/** Where to go after a change: the pupil's chronology with the incident marked, for someone who can read it there. */
async function back(ctx: UserCtx, incidentId: string, done: Done): Promise<never> {
  const studentId = await getIncidentStudent(ctx, incidentId);
  // The change shows wherever the person goes next, even back to the page they are on.
  revalidatePath('/', 'layout');
  redirect(
    studentId
      ? `/students/${studentId}/incidents?highlight=${incidentId}&done=${done}#incident-${incidentId}`
      : `/incidents/${incidentId}?done=${done}`,
  );
}

export const pinIncidentAction = action.button({ auth: 'signed-in', input: pinIncidentInput }, async (ctx, data) => {
  await pinIncident(ctx, data);
  await back(ctx, data.incidentId, data.pinned ? 'pinned' : 'unpinned');
});

export const restoreIncidentAction = action.button(
  { auth: 'signed-in', input: incidentRefInput },
  async (ctx, data) => {
    await restoreIncident(ctx, data);
    await back(ctx, data.incidentId, 'restored');
  },
);

export const restoreActionAction = action.button({ auth: 'signed-in', input: actionRefInput }, async (ctx, data) => {
  const { incidentId } = await restoreAction(ctx, data);
  await back(ctx, incidentId, 'action-restored');
});

export const deleteIncidentAction = action({ auth: 'signed-in', input: deleteIncidentInput }, async (ctx, data) => {
  await deleteIncident(ctx, data);
  await back(ctx, data.incidentId, 'deleted');
});

export const editIncidentAction = action(
  {
    auth: 'signed-in',
    input: withCustomFields(editIncidentForm),
    repeated: ['categoryIds', 'agencyIds', 'removeDocumentIds'],
  },
  async (ctx, data) => {
    await editIncident(ctx, data);
    await back(ctx, data.incidentId, 'edited');
  },
);

export const editActionAction = action(
  { auth: 'signed-in', input: withCustomFields(editActionForm), repeated: ['agencyIds'] },
  async (ctx, data) => {
    const { incidentId } = await editAction(ctx, data);
    await back(ctx, incidentId, 'action-edited');
  },
);

export const mergeIncidentAction = action({ auth: 'signed-in', input: mergeIncidentInput }, async (ctx, data) => {
  const { intoId } = await mergeIncident(ctx, data);
  await back(ctx, intoId, 'merged');
});

export const addActionAction = action(
  {
    auth: 'signed-in',
    // The action's fields, and "Add to planner"'s (saved with it, in its transaction, or not at all).
    input: withCustomFields(newActionForm.extend(recordEventFields)),
    repeated: ['categoryIds', 'agencyIds'],
  },
  async (ctx, data) => {
    const { incidentId } = await addActionWithEvent(ctx, data);
    await back(ctx, incidentId, 'action');
  },
);

export const splitActionAction = action(
  { auth: 'signed-in', input: splitActionInput, repeated: ['categoryIds'] },
  async (ctx, data) => {
    const { incidentId } = await splitAction(ctx, data);
    await back(ctx, incidentId, 'split');
  },
);

export const deleteActionAction = action({ auth: 'signed-in', input: deleteActionInput }, async (ctx, data) => {
  const { incidentId } = await deleteAction(ctx, data);
  await back(ctx, incidentId, 'action-deleted');
});

export const addActionToLinkedAction = action({ auth: 'signed-in', input: actionRefInput }, async (ctx, data) => {
  const { incidentId } = await addActionToLinked(ctx, data);
  await back(ctx, incidentId, 'added-to-linked');
});

/** "Restore these files" on the history page: an edit that brings one version's attachments back. */
export const restoreAttachmentsAction = action.button(
  { auth: 'signed-in', input: restoreAttachmentsInput },
  async (ctx, data) => {
    await restoreVersionAttachments(ctx, data);
    await back(ctx, data.incidentId, 'edited');
  },
);

'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import {
  disableTrainingMode,
  enableTrainingMode,
  keepTrainingRecords,
  LIST_CHANGED,
  trainingFormInput,
} from '@/lib/training';
import { action, formDone } from '@/lib/http';
import { UserError } from '@/lib/errors';

export const enableTrainingAction = action({ auth: 'signed-in', input: z.strictObject({}) }, async (ctx) => {
  await enableTrainingMode(ctx);
  revalidatePath('/', 'layout');
  redirect('/admin/training?done=on');
});

/** The list's two buttons: keep the unticked records, or disable training mode (removing the ticked ones). */
export const trainingRecordsAction = action(
  { auth: 'signed-in', input: trainingFormInput, repeated: ['incidentIds', 'actionIds'] },
  async (ctx, data) => {
    const unticked = (shown: string[], ticked: string[]) => shown.filter((id) => !ticked.includes(id));
    if (data.intent === 'keep') {
      const kept = await keepTrainingRecords(ctx, {
        incidentIds: unticked(data.shownIncidentIds, data.incidentIds),
        actionIds: unticked(data.shownActionIds, data.actionIds),
      });
      revalidatePath('/admin/training');
      const n = kept.incidents + kept.actions;
      return formDone(
        n === 0
          ? 'Nothing was unticked: every record listed is still a training record.'
          : `${n === 1 ? '1 record is' : `${n} records are`} kept as genuine and no longer marked as training.`,
      );
    }
    const { intent: _intent, ...input } = data;
    let result;
    try {
      result = await disableTrainingMode(ctx, input);
    } catch (e) {
      // Show the list as it is now, so the administrator can check it again.
      if (e instanceof UserError && e.message === LIST_CHANGED) revalidatePath('/admin/training');
      throw e;
    }
    revalidatePath('/', 'layout');
    redirect(`/admin/training?done=off&incidents=${result.removed.incidents}&actions=${result.removed.actions}`);
  },
);

'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { disableTrainingMode, enableTrainingMode, keepTrainingRecords, LIST_CHANGED, trainingFormInput } from '@/lib/training';
import { runFormAction, type FormState } from '@/lib/http/action';
import { requireUserCtx } from '@/lib/http/context';
import { joinRepeated } from '@/lib/http/repeated-fields';
import { UserError } from '@/lib/errors';

export async function enableTrainingAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, z.strictObject({}), async () => {
    await enableTrainingMode(await requireUserCtx());
    revalidatePath('/', 'layout');
    redirect('/admin/training?done=on');
  });
}

/** The list's two buttons: keep the unticked records, or disable training mode (removing the ticked ones). */
export async function trainingRecordsAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(joinRepeated(formData, ['incidentIds', 'actionIds']), trainingFormInput, async (data) => {
    const ctx = await requireUserCtx();
    const unticked = (shown: string[], ticked: string[]) => shown.filter((id) => !ticked.includes(id));
    if (data.intent === 'keep') {
      const kept = await keepTrainingRecords(ctx, { incidentIds: unticked(data.shownIncidentIds, data.incidentIds), actionIds: unticked(data.shownActionIds, data.actionIds) });
      revalidatePath('/admin/training');
      const n = kept.incidents + kept.actions;
      return {
        values: {},
        fieldErrors: {},
        message: n === 0 ? 'Nothing was unticked: every record listed is still a training record.' : `${n === 1 ? '1 record is' : `${n} records are`} kept as genuine and no longer marked as training.`,
        done: true,
      };
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
  });
}

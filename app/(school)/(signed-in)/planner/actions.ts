'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { dismissPlannerReminder, dismissReminderInput } from '@/lib/alerts';
import { action, formDone } from '@/lib/http';
import {
  addQuickReminder,
  deletePlannerEvent,
  deletePlannerEventInput,
  plannerEventInput,
  quickReminderInput,
  savePlannerEvent,
} from '@/lib/planner';

export const savePlannerEventAction = action(
  { auth: 'signed-in', input: plannerEventInput, repeated: ['sharedWith', 'pupils'] },
  async (ctx, data) => {
    const saved = await savePlannerEvent(ctx, data);
    revalidatePath('/planner');
    redirect(`/planner/${saved.eventId}?saved=1`);
  },
);

export const deletePlannerEventAction = action.button(
  { auth: 'signed-in', input: deletePlannerEventInput },
  async (ctx, data) => {
    await deletePlannerEvent(ctx, data);
    revalidatePath('/planner');
    redirect('/planner?deleted=1');
  },
);

export const dismissReminderAction = action.button(
  { auth: 'signed-in', input: dismissReminderInput },
  async (ctx, data) => {
    await dismissPlannerReminder(ctx, data);
    revalidatePath('/');
  },
);

export const quickReminderAction = action({ auth: 'signed-in', input: quickReminderInput }, async (ctx, data) => {
  await addQuickReminder(ctx, data);
  revalidatePath('/planner');
  return formDone('Reminder set. It is in your planner too.');
});

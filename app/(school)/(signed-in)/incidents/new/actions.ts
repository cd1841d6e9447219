'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { createIncident } from '@/lib/incidents/create';
import { getIncidentStudent } from '@/lib/incidents/queries';
import { gatherCustomFields, newIncidentForm } from '@/lib/incidents/schema';
import { runFormAction, type FormState } from '@/lib/http/action';
import { requireUserCtx } from '@/lib/http/context';
import { joinRepeated } from '@/lib/http/repeated-fields';

const formInput = z.preprocess((v) => (v && typeof v === 'object' ? gatherCustomFields(v as Record<string, unknown>) : v), newIncidentForm);

export type AddIncidentState = FormState & { created?: { number: number; incidentId: string; studentId: string; alerted: number } };

/**
 * Saves the incident. A key holder using their key who may read it lands on
 * the pupil's chronology with it highlighted; anyone else (a teacher without
 * a key cannot open the chronology) sees the confirmation in place.
 */
export async function addIncidentAction(_prev: AddIncidentState, formData: FormData): Promise<AddIncidentState> {
  let created: AddIncidentState['created'];
  const state = await runFormAction(joinRepeated(formData, ['categoryIds']), formInput, async (data) => {
    const result = await createIncident(await requireUserCtx(), data);
    created = { number: result.number, incidentId: result.incidentId, studentId: result.studentId, alerted: result.alerted };
    return { values: {}, fieldErrors: {}, message: `Incident #${result.number} is recorded.`, done: true };
  });
  if (created) {
    const ctx = await requireUserCtx();
    const studentId = ctx.user.elevated ? await getIncidentStudent(ctx, created.incidentId) : null;
    if (studentId) {
      revalidatePath('/', 'layout');
      redirect(`/students/${studentId}/incidents?highlight=${created.incidentId}&done=recorded#incident-${created.incidentId}`);
    }
  }
  return { ...state, created };
}

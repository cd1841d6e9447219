'use server';

import { z } from 'zod';
import { createIncident } from '@/lib/incidents/create';
import { gatherCustomFields, newIncidentInput } from '@/lib/incidents/schema';
import { runFormAction, type FormState } from '@/lib/http/action';
import { requireUserCtx } from '@/lib/http/context';
import { joinRepeated } from '@/lib/http/repeated-fields';

const formInput = z.preprocess((v) => (v && typeof v === 'object' ? gatherCustomFields(v as Record<string, unknown>) : v), newIncidentInput);

export type AddIncidentState = FormState & { created?: { number: number; incidentId: string; studentId: string; alerted: number } };

export async function addIncidentAction(_prev: AddIncidentState, formData: FormData): Promise<AddIncidentState> {
  let created: AddIncidentState['created'];
  const state = await runFormAction(joinRepeated(formData, ['categoryIds']), formInput, async (data) => {
    const result = await createIncident(await requireUserCtx(), data);
    created = { number: result.number, incidentId: result.incidentId, studentId: result.studentId, alerted: result.alerted };
    return { values: {}, fieldErrors: {}, message: `Incident #${result.number} is recorded.`, done: true };
  });
  return { ...state, created };
}

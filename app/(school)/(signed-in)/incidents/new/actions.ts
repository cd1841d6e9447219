'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getIncidentStudent, gatherCustomFields, newIncidentForm } from '@/lib/incidents';
import { action, type FormState, formDone } from '@/lib/http';
import { createIncidentWithEvent, recordEventFields } from '@/lib/planner';

// The incident's fields, and "Add to planner"'s (saved with it, in its transaction, or not at all).
const formInput = z.preprocess(
  (v) => (v && typeof v === 'object' ? gatherCustomFields(v as Record<string, unknown>) : v),
  newIncidentForm.extend(recordEventFields),
);

export type AddIncidentState = FormState & {
  created?: { number: number; incidentId: string; studentId: string; alerted: number };
};

/**
 * Saves the incident. Someone who may read it and open the pupil's record (a
 * key holder using their key) lands on the pupil's chronology with it
 * highlighted; anyone else (a teacher without a key cannot open the
 * chronology) sees the confirmation in place.
 */
export const addIncidentAction: (prev: AddIncidentState, formData: FormData) => Promise<AddIncidentState> = action(
  { auth: 'signed-in', input: formInput, repeated: ['categoryIds', 'agencyIds'] },
  async (ctx, data) => {
    const result = await createIncidentWithEvent(ctx, data);
    const studentId = await getIncidentStudent(ctx, result.incidentId);
    if (studentId) {
      revalidatePath('/', 'layout');
      redirect(
        `/students/${studentId}/incidents?highlight=${result.incidentId}&done=recorded#incident-${result.incidentId}`,
      );
    }
    const state: AddIncidentState = {
      ...formDone(`Incident #${result.number} is recorded.`),
      created: {
        number: result.number,
        incidentId: result.incidentId,
        studentId: result.studentId,
        alerted: result.alerted,
      },
    };
    return state;
  },
);

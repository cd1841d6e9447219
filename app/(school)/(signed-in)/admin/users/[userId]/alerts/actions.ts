'use server';

import { revalidatePath } from 'next/cache';
import { clearDashboardAlerts, updateAlertRules } from '@/lib/admin';
import { alertRulesInput, clearAlertsInput } from '@/lib/admin/schema';
import { runFormAction, type FormState } from '@/lib/http/action';
import { requireUserCtx } from '@/lib/http/context';
import { joinRepeated } from '@/lib/http/repeated-fields';

/** Group names may hold commas: those fields are joined one per line instead. */
function joinGroups(formData: FormData): FormData {
  const out = joinRepeated(formData, ['categoryIds']);
  for (const name of ['tutorGroups', 'yearGroups']) {
    const values = formData.getAll(name).filter((v): v is string => typeof v === 'string' && v !== '');
    out.delete(name);
    if (values.length > 0) out.set(name, values.join('\n'));
  }
  return out;
}

export async function saveAlertRulesAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(joinGroups(formData), alertRulesInput, async (data) => {
    const { added, removed } = await updateAlertRules(await requireUserCtx(), data);
    revalidatePath(`/admin/users/${data.userId}/alerts`);
    return { values: {}, fieldErrors: {}, message: added + removed === 0 ? 'No changes to save.' : 'Saved. New incidents will alert them as chosen.', done: true };
  });
}

export async function clearAlertsAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, clearAlertsInput, async (data) => {
    const { cleared } = await clearDashboardAlerts(await requireUserCtx(), data);
    revalidatePath(`/admin/users/${data.userId}/alerts`);
    return { values: {}, fieldErrors: {}, message: cleared === 1 ? '1 alert removed.' : `${cleared} alerts removed.`, done: true };
  });
}

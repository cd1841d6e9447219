'use server';

import { revalidatePath } from 'next/cache';
import { clearDashboardAlerts, updateAlertRules, alertRulesInput, clearAlertsInput } from '@/lib/admin';
import { action, formDone } from '@/lib/http';

// Group names may hold commas: those fields are joined one per line instead.
export const saveAlertRulesAction = action(
  {
    auth: 'signed-in',
    input: alertRulesInput,
    repeated: ['categoryIds'],
    repeatedLines: ['tutorGroups', 'yearGroups'],
  },
  async (ctx, data) => {
    const { added, removed } = await updateAlertRules(ctx, data);
    revalidatePath(`/admin/users/${data.userId}/alerts`);
    return formDone(added + removed === 0 ? 'No changes to save.' : 'Saved. New incidents will alert them as chosen.');
  },
);

export const clearAlertsAction = action({ auth: 'signed-in', input: clearAlertsInput }, async (ctx, data) => {
  const { cleared } = await clearDashboardAlerts(ctx, data);
  revalidatePath(`/admin/users/${data.userId}/alerts`);
  return formDone(cleared === 1 ? '1 alert removed.' : `${cleared} alerts removed.`);
});

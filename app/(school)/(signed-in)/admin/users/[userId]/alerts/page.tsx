import { getAlertRules } from '@/lib/admin';
import { getNameStyle } from '@/lib/http';
import { orNotFound, requireAdminPage } from '../../../admin-page';
import { AdminPageHeader } from '../../../_components/page-header';
import { AlertRulesForm, ClearAlertsForm } from './forms';

export const metadata = { title: 'Automatic alerts' };

export default async function UserAlertsPage({ params }: { params: Promise<{ userId: string }> }) {
  const ctx = await requireAdminPage();
  const { userId } = await params;
  const view = await orNotFound(getAlertRules(ctx, userId, await getNameStyle(ctx)));
  return (
    <div className="space-y-5">
      <AdminPageHeader
        title={`Alerts for ${view.displayName}`}
        intro="Alert this person automatically about every new incident in these categories, about these pupils, or about pupils in these groups."
        back={{ href: `/admin/users/${view.userId}`, label: view.displayName }}
      />
      <AlertRulesForm view={view} />
      <section className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm">
        <h2 className="text-lg font-semibold">Dashboard alerts</h2>
        <p className="mt-1 text-slate-600">
          {view.liveAlerts === 0
            ? `${view.displayName} has no alerts waiting.`
            : `${view.displayName} has ${view.liveAlerts === 1 ? '1 alert' : `${view.liveAlerts} alerts`} waiting on their dashboard.`}
        </p>
        {view.liveAlerts > 0 ? <ClearAlertsForm userId={view.userId} count={view.liveAlerts} /> : null}
      </section>
    </div>
  );
}

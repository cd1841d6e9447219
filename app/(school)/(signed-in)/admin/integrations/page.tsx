import { listAlertGroupCandidates, listAlertGroups, listCategories } from '@/lib/admin';
import { listIntegrations } from '@/lib/integrations';
import { requireAdminPage } from '../admin-page';
import { AdminPageHeader } from '../_components/page-header';
import { IntegrationControls, NewIntegrationForm } from './integration-forms';

export const metadata = { title: 'Integrations' };

const when = (d: Date | null) =>
  d ? d.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC' : 'Never';

export default async function IntegrationsPage() {
  const ctx = await requireAdminPage();
  const [integrations, categories, candidates, groups] = await Promise.all([
    listIntegrations(ctx),
    listCategories(ctx),
    listAlertGroupCandidates(ctx),
    listAlertGroups(ctx),
  ]);
  const people = [...new Map(candidates.map((c) => [c.userId, { id: c.userId, name: c.displayName }])).values()].sort(
    (x, y) => x.name.localeCompare(y.name),
  );
  return (
    <div className="space-y-6">
      <AdminPageHeader
        title="Integrations"
        intro="Monitoring and filtering products that record concerns in pupils’ chronologies through Haven’s API. They can only add concerns: they can never read anything."
      />
      {integrations.length === 0 ? (
        <p className="rounded-2xl border border-dashed border-slate-300 bg-white p-5 text-slate-600">
          No integrations yet.
        </p>
      ) : (
        <ul
          aria-label="Integrations"
          className="divide-y divide-slate-200 rounded-2xl border border-slate-200 bg-white shadow-sm"
        >
          {integrations.map((i) => (
            <li key={i.id} className="space-y-2 p-4">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <h2 className="font-semibold">{i.name}</h2>
                <span className={i.revokedAt ? 'text-sm text-red-800' : 'text-sm text-emerald-800'}>
                  {i.revokedAt ? `Revoked ${when(i.revokedAt)}` : 'Active'}
                </span>
              </div>
              <p className="text-sm text-slate-700">
                Category: {i.categoryName} · Alerts {i.alertUserCount === 1 ? '1 person' : `${i.alertUserCount} people`}{' '}
                and {i.alertGroupCount === 1 ? '1 alert group' : `${i.alertGroupCount} alert groups`} · Last used:{' '}
                {when(i.lastUsedAt)}
              </p>
              {i.revokedAt ? null : <IntegrationControls integrationId={i.id} name={i.name} />}
            </li>
          ))}
        </ul>
      )}
      <NewIntegrationForm
        categories={categories
          .filter((c) => c.status === 'enabled')
          .map((c) => ({ id: c.id, name: c.parentName ? `${c.parentName} › ${c.name}` : c.name }))}
        people={people}
        alertGroups={groups.map((g) => ({ id: g.id, name: g.name }))}
      />
      <p className="text-sm text-slate-600">
        The API is described at{' '}
        <a className="text-brand-700 underline" href="/api/v1/openapi.json">
          /api/v1/openapi.json
        </a>
        .
      </p>
    </div>
  );
}

import { listAgencies } from '@/lib/admin';
import { requireAdminPage } from '../admin-page';
import { AdminPageHeader } from '../_components/page-header';
import { AgencyRow, NewAgencyForm } from './agency-forms';

export const metadata = { title: 'Agencies' };

export default async function AgenciesPage() {
  const ctx = await requireAdminPage();
  const list = await listAgencies(ctx);
  return (
    <div className="space-y-4">
      <AdminPageHeader
        title="Agencies"
        intro="The outside agencies staff can tick under “Agencies involved” on incidents, actions and pupils’ profiles; anything else can still be typed under “Other agencies”."
      />
      <p className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">
        A new name shows on every past record that names the agency. Correct or update the name; do not turn an agency
        into a different one — add a new agency instead. A disabled agency is no longer offered, and stays on the
        records that name it.
      </p>
      <NewAgencyForm />
      {list.length === 0 ? (
        <p className="text-slate-700">No agencies yet.</p>
      ) : (
        <ul
          aria-label="Agencies"
          className="divide-y divide-slate-200 rounded-2xl border border-slate-200 bg-white shadow-sm"
        >
          {list.map((a) => (
            <AgencyRow key={a.id} agency={a} />
          ))}
        </ul>
      )}
    </div>
  );
}

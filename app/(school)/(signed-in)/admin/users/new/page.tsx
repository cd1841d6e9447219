import { listGroupOptions, listOfferableStaff } from '@/lib/admin';
import { requireAdminPage } from '../../admin-page';
import { AdminPageHeader } from '../../_components/page-header';
import { NewUserForm } from './new-user-form';
import { StaffUserForm } from './staff-user-form';

export const metadata = { title: 'New user' };

export default async function NewUserPage() {
  const ctx = await requireAdminPage();
  const [groups, staff] = await Promise.all([listGroupOptions(ctx), listOfferableStaff(ctx)]);
  const domains = ctx.school.settings.emailDomainWhitelist;
  return (
    <div className="space-y-4">
      <AdminPageHeader
        title="New user"
        intro="We email each new user a link to set their own password."
        back={{ href: '/admin/users', label: 'Users' }}
      />
      <div className="grid gap-4 lg:grid-cols-2">
        <section aria-labelledby="staff-heading" className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm">
          <h2 id="staff-heading" className="text-lg font-semibold">
            From the MIS staff list
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            Full-time staff from the school’s MIS who do not use Haven here yet. Their account follows the MIS: it can
            be closed automatically when they leave.
          </p>
          <div className="mt-4">
            {staff.length === 0 ? (
              <p className="rounded-lg border border-dashed border-slate-300 p-4 text-slate-600">
                Nobody to add: everyone on the staff list already uses Haven here, or no staff list has been imported
                yet.
              </p>
            ) : (
              <StaffUserForm staff={staff} groups={groups} domains={domains} />
            )}
          </div>
        </section>
        <section aria-labelledby="other-heading" className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm">
          <h2 id="other-heading" className="text-lg font-semibold">
            Someone not in the MIS
          </h2>
          <p className="mt-1 text-sm text-slate-600">A governor, a visiting professional, agency or part-time staff.</p>
          <div className="mt-4">
            <NewUserForm groups={groups} domains={domains} />
          </div>
        </section>
      </div>
    </div>
  );
}

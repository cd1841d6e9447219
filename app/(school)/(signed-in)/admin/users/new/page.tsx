import { listGroupOptions } from '@/lib/admin';
import { requireAdminPage } from '../../admin-page';
import { AdminPageHeader } from '../../_components/page-header';
import { NewUserForm } from './new-user-form';

export const metadata = { title: 'New user' };

export default async function NewUserPage() {
  const ctx = await requireAdminPage();
  const groups = await listGroupOptions(ctx);
  return (
    <div className="space-y-4">
      <AdminPageHeader
        title="New user"
        intro="Add someone who is not in the MIS staff list, such as a governor, a visiting professional or agency staff. We email them a link to set their own password."
        back={{ href: '/admin/users', label: 'Users' }}
      />
      <section className="max-w-xl rounded-2xl border border-slate-200 bg-white p-5 shadow-sm">
        <NewUserForm groups={groups} domains={ctx.school.settings.emailDomainWhitelist} />
      </section>
    </div>
  );
}
